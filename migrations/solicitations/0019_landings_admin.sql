-- Landings edited by the team (/admin/parcours) rather than seeded: what a partner's page offers when embedded, and who may
-- embed it.
--   embed: 'catalogue' (every public theme), 'themes' (the landing's own, landing_theme), 'subject' (one subject: its
--          description and the button to its form);
--   allowed_origins: the partner sites (https://www.partenaire.fr) whose pages may frame this landing's ?iframe=1 variant,
--          besides the global Embedding:AllowedOrigins setting;
--   logo: the partner's logo, PNG or JPEG, shown beside « Avec … » (inline: img-src allows data:, no other address to serve);
--   archived_at: no longer offered (404), kept because requests name it (solicitation.landing_slug). Never deleted.
alter table solicitations.landing
    add column embed text not null default 'themes' check (embed in ('catalogue', 'themes', 'subject')),
    add column subject_slug text,
    add column allowed_origins text[] not null default '{}',
    add column logo bytea,
    add column logo_type text check (logo_type in ('image/png', 'image/jpeg')),
    add column archived_at timestamptz,
    add column updated_at timestamptz not null default now(),
    add constraint landing_subject_embed check ((embed = 'subject') = (subject_slug is not null)),
    add constraint landing_logo_type check ((logo is null) = (logo_type is null)),
    add constraint landing_logo_size check (logo is null or octet_length(logo) <= 102400);
