create table matching.need (
    id              uuid primary key,
    solicitation_id uuid not null unique,
    subject_slug    text not null,
    siret           char(14) not null,
    description     text not null,
    status          text not null check (status in ('quo', 'not_for_me', 'taking_care', 'done', 'no_expert')),
    created_at      timestamptz not null default now()
);

create table matching.match (
    id               uuid primary key,
    need_id          uuid not null references matching.need (id),
    expert_id        uuid not null,
    expert_name      text not null,
    expert_email     text not null,
    antenne_name     text not null,
    institution_name text not null,
    status           text not null default 'quo' check (status in ('quo', 'taking_care', 'done', 'done_no_help', 'done_not_reachable', 'not_for_me')),
    created_at       timestamptz not null default now(),
    unique (need_id, expert_id)
);

create index match_expert_idx on matching.match (expert_id, status);
