-- Match filters: an institution or an antenne accepts only some companies, on some or all
-- subjects. An empty array or a null bound is a criterion left blank. NAF codes are stored without the dot (6202A),
-- legal forms as 4-digit INSEE legal categories.
create table directory.match_filter (
    id                     uuid primary key,
    institution_id         uuid references directory.institution (id),
    antenne_id             uuid references directory.antenne (id),
    min_years_of_existence integer check (min_years_of_existence >= 0),
    max_years_of_existence integer check (max_years_of_existence >= 0),
    effectif_min           integer check (effectif_min >= 0),
    effectif_max           integer check (effectif_max >= 0),
    accepted_naf_codes     text[] not null default '{}',
    excluded_naf_codes     text[] not null default '{}',
    accepted_legal_forms   text[] not null default '{}',
    excluded_legal_forms   text[] not null default '{}',
    created_at             timestamptz not null default now(),
    check ((institution_id is null) <> (antenne_id is null))
);

-- Routing asks "has this antenne, or this institution, any filter?" for each candidate: both must be index probes.
create index match_filter_institution_idx on directory.match_filter (institution_id) where institution_id is not null;
create index match_filter_antenne_idx on directory.match_filter (antenne_id) where antenne_id is not null;

-- No row: the filter applies to every subject.
create table directory.match_filter_subject (
    match_filter_id uuid not null references directory.match_filter (id) on delete cascade,
    subject_id      uuid not null references directory.subject (id),
    primary key (match_filter_id, subject_id)
);

-- Territories (§7.3). Régions, départements and EPCI are read live from the reference tables (0002), never copied here:
-- a row of those kinds only names its reference code, to hang data on it later (e.g. a region's support contact).
-- A custom territory (an employment area such as "Bassin d'emploi de Roubaix-Tourcoing") is a named list of communes.
create table directory.territory (
    id          uuid primary key,
    name        text not null,
    kind        text not null default 'custom' check (kind in ('region', 'departement', 'epci', 'custom')),
    code        text,
    region_code text,
    created_at  timestamptz not null default now(),
    check ((kind = 'custom') = (code is null)),
    unique (kind, code)
);

create table directory.territory_commune (
    territory_id uuid not null references directory.territory (id) on delete cascade,
    commune_code text not null,
    primary key (territory_id, commune_code)
);
