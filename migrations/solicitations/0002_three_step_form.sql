-- The request form has three steps (contact, company, description); each step saves the row so nothing typed is lost.
-- Life of a row (status): 'draft' from step 1 until the last step is sent, then 'received' (what the triage desk reads).
-- A draft can be resumed from a private link: only the SHA-256 of its random token is kept (resume_token_hash).
alter table solicitations.solicitation
    alter column status set default 'draft',
    -- Filled by step 2 (siret) and step 3 (description): empty in a draft.
    alter column siret drop not null,
    alter column description drop not null,
    add column resume_token_hash  bytea,
    -- Step 2, subjects that ask where and how much instead of which company (a project without a company yet).
    add column commune_code       text,
    add column amount             integer,
    -- Company facts copied from the registry when the establishment is chosen (or later by the enrichment job).
    add column company_name       text,
    add column naf_code           text,
    add column legal_form_code    text,
    add column headcount_bracket  text,
    add column company_created_on date,
    -- The registry was down at step 2: the SIRET alone was accepted; EnrichPendingSolicitations fills the facts later.
    add column registry_pending   boolean not null default false,
    -- Step 3 yes/no answers: [{"slug": "...", "question": "label as asked", "answer": true}].
    add column answers            jsonb not null default '[]',
    -- Tracking, captured when the form is opened: where the person came from.
    add column utm_source         text,
    add column utm_campaign       text,
    add column utm_term           text,
    add column origin_page        text,
    add column updated_at         timestamptz not null default now(),
    add column submitted_at       timestamptz,
    add constraint solicitation_status_check check (status in ('draft', 'received')),
    add constraint solicitation_received_complete check (
        status = 'draft' or (description is not null and (siret is not null or commune_code is not null)));

create unique index solicitation_resume_token_idx on solicitations.solicitation (resume_token_hash) where resume_token_hash is not null;
create index solicitation_registry_pending_idx on solicitations.solicitation (id) where registry_pending;

-- Landings: entry points with their own title, introduction and selection of catalogue themes (a campaign page, a
-- partner's page, an embeddable widget). Solicitations owns them: they are the front door of intake, and the triage desk
-- filters requests by the landing they came through (solicitation.landing_slug). Themes are named by their Directory
-- slug (no foreign key across modules); a theme that left the catalogue is simply not shown.
create table solicitations.landing (
    id         uuid primary key,
    slug       text not null unique,
    title      text not null,
    intro      text not null,
    -- Shown as "Avec …" on a partner's landing; null on the service's own campaign pages.
    partner    text,
    created_at timestamptz not null default now()
);

create table solicitations.landing_theme (
    landing_id uuid not null references solicitations.landing (id),
    theme_slug text not null,
    position   integer not null default 0,
    primary key (landing_id, theme_slug)
);

alter table solicitations.solicitation add column landing_slug text;
