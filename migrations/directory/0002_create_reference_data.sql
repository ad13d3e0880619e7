-- French reference data, loaded at every start by ReferenceDataLoader from the files of Modules/Directory/ReferenceData.
-- No foreign keys between these tables: each dataset is replaced on its own, and a region or EPCI that disappears
-- would otherwise block its dataset until the communes are reloaded. The generating script checks their consistency.

create table directory.region (
    code text primary key,
    name text not null,
    -- 'com' marks the collectivités d'outre-mer, which the source lists alongside the 13 + 5 régions.
    zone text not null check (zone in ('metro', 'drom', 'com'))
);

create table directory.departement (
    code        text primary key,
    name        text not null,
    region_code text not null,
    zone        text not null check (zone in ('metro', 'drom', 'com'))
);

create index departement_region_code_idx on directory.departement (region_code);

create table directory.epci (
    code text primary key,
    name text not null,
    kind text not null
);

create table directory.commune (
    code             text primary key,
    name             text not null,
    departement_code text not null,
    region_code      text not null,
    epci_code        text,
    postal_codes     text[] not null default '{}',
    -- ARM: arrondissement municipal of Paris, Lyon or Marseille, the commune code SIRENE gives their establishments.
    kind             text not null check (kind in ('COM', 'ARM')),
    parent_code      text,
    check ((kind = 'ARM') = (parent_code is not null))
);

create index commune_departement_code_idx on directory.commune (departement_code);
create index commune_region_code_idx on directory.commune (region_code);
create index commune_epci_code_idx on directory.commune (epci_code);
create index commune_parent_code_idx on directory.commune (parent_code) where parent_code is not null;
-- For postal_codes @> array['75011'].
create index commune_postal_codes_idx on directory.commune using gin (postal_codes);

create table directory.naf_code (
    code         text primary key,
    label        text not null,
    level        text not null check (level in ('section', 'division', 'groupe', 'classe', 'sous_classe')),
    section_code text not null,
    parent_code  text
);

create table directory.reference_data_load (
    dataset      text primary key,
    content_hash text not null,
    loaded_at    timestamptz not null
);
