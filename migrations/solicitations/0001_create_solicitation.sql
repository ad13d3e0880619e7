create table solicitations.solicitation (
    id           uuid primary key,
    full_name    text not null,
    email        text not null,
    phone        text not null,
    siret        char(14) not null,
    subject_slug text not null,
    description  text not null,
    status       text not null default 'received',
    created_at   timestamptz not null default now()
);

create index solicitation_created_at_idx on solicitations.solicitation (created_at desc);
create index solicitation_siret_idx on solicitations.solicitation (siret);
