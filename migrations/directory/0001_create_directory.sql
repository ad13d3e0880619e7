create table directory.institution (
    id         uuid primary key,
    slug       text not null unique,
    name       text not null,
    created_at timestamptz not null default now()
);

create table directory.antenne (
    id                uuid primary key,
    institution_id    uuid not null references directory.institution (id),
    name              text not null,
    territorial_level text not null default 'local' check (territorial_level in ('local', 'regional', 'national')),
    created_at        timestamptz not null default now()
);

create table directory.expert (
    id          uuid primary key,
    antenne_id  uuid not null references directory.antenne (id),
    full_name   text not null,
    email       text not null,
    phone       text,
    job_title   text,
    is_global_zone boolean not null default false,
    deleted_at  timestamptz,
    created_at  timestamptz not null default now()
);

create table directory.subject (
    id               uuid primary key,
    slug             text not null unique,
    label            text not null,
    is_other_request boolean not null default false
);

create table directory.expert_subject (
    expert_id  uuid not null references directory.expert (id),
    subject_id uuid not null references directory.subject (id),
    primary key (expert_id, subject_id)
);

create index expert_subject_subject_idx on directory.expert_subject (subject_id);
