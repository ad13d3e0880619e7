-- The directory: who can help with what (catalogue → institution subjects → expert subjects), and where
-- (antenne communes, expert communes overriding them, or the whole country).
-- Commune codes are INSEE codes; the commune table itself is reference data (0002).

create table directory.theme (
    id       uuid primary key,
    slug     text not null unique,
    label    text not null,
    position integer not null default 0
);

create table directory.subject (
    id               uuid primary key,
    theme_id         uuid not null references directory.theme (id),
    slug             text not null unique,
    label            text not null,
    description      text,
    position         integer not null default 0,
    -- "Autre demande": requests that fit no subject; "support": who the team falls back on when nobody matches.
    is_other_request boolean not null default false,
    is_support       boolean not null default false,
    archived_at      timestamptz
);

create unique index subject_single_other_request on directory.subject ((true)) where is_other_request and archived_at is null;
create unique index subject_single_support on directory.subject ((true)) where is_support and archived_at is null;

create table directory.institution (
    id           uuid primary key,
    slug         text not null unique,
    name         text not null,
    -- e.g. 'opco', 'chambre', 'etat', 'collectivite', 'operateur': drives registry and OPCO rules later.
    category     text,
    display_logo boolean not null default false,
    deleted_at   timestamptz,
    created_at   timestamptz not null default now()
);

create table directory.antenne (
    id                uuid primary key,
    institution_id    uuid not null references directory.institution (id),
    name              text not null,
    territorial_level text not null default 'local' check (territorial_level in ('local', 'regional', 'national')),
    parent_id         uuid references directory.antenne (id),
    deleted_at        timestamptz,
    created_at        timestamptz not null default now()
);

create index antenne_institution_idx on directory.antenne (institution_id);

create table directory.antenne_commune (
    antenne_id   uuid not null references directory.antenne (id),
    commune_code text not null,
    primary key (antenne_id, commune_code)
);

-- Matching asks "who covers this commune?": look up by commune first.
create index antenne_commune_by_commune_idx on directory.antenne_commune (commune_code, antenne_id);

create table directory.expert (
    id             uuid primary key,
    antenne_id     uuid not null references directory.antenne (id),
    full_name      text not null,
    email          text not null,
    phone          text,
    job_title      text,
    is_team        boolean not null default false,
    is_global_zone boolean not null default false,
    -- Kept in step with expert_commune by the triggers below: routing reads it instead of probing expert_commune.
    has_own_communes boolean not null default false,
    deleted_at     timestamptz,
    created_at     timestamptz not null default now()
);

create index expert_antenne_idx on directory.expert (antenne_id) where deleted_at is null;
-- "Experts of this antenne who follow its communes": the antenne side of routing.
create index expert_following_antenne_idx on directory.expert (antenne_id, id) where deleted_at is null and not has_own_communes;
create index expert_global_zone_idx on directory.expert (id) where is_global_zone and deleted_at is null;

-- An expert with rows here covers exactly these communes, whatever its antenne covers.
create table directory.expert_commune (
    expert_id    uuid not null references directory.expert (id),
    commune_code text not null,
    primary key (expert_id, commune_code)
);

create index expert_commune_by_commune_idx on directory.expert_commune (commune_code, expert_id);

create function directory.sync_expert_has_own_communes() returns trigger language plpgsql as $$
begin
    update directory.expert e
    set has_own_communes = exists (select 1 from directory.expert_commune ec where ec.expert_id = e.id)
    where e.id in (select distinct expert_id from changed);
    return null;
end
$$;

create trigger expert_commune_inserted after insert on directory.expert_commune
    referencing new table as changed for each statement execute function directory.sync_expert_has_own_communes();
create trigger expert_commune_deleted after delete on directory.expert_commune
    referencing old table as changed for each statement execute function directory.sync_expert_has_own_communes();

create table directory.institution_subject (
    id             uuid primary key,
    institution_id uuid not null references directory.institution (id),
    subject_id     uuid not null references directory.subject (id),
    -- Splits one subject into variants within an institution (e.g. "prêt" / "garantie").
    description    text,
    unique nulls not distinct (institution_id, subject_id, description)
);

create index institution_subject_subject_idx on directory.institution_subject (subject_id);

create table directory.expert_subject (
    expert_id              uuid not null references directory.expert (id),
    institution_subject_id uuid not null references directory.institution_subject (id),
    intervention_criteria  text,
    primary key (expert_id, institution_subject_id)
);

create index expert_subject_institution_subject_idx on directory.expert_subject (institution_subject_id, expert_id);
