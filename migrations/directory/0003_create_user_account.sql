-- Login accounts of the agents (advisors, antenne managers, admins). Each belongs to one antenne.
-- E-mail uniqueness ignores case (people type their address as they like); a deleted account frees its address.
create table directory.user_account (
    id              uuid primary key,
    antenne_id      uuid not null references directory.antenne (id),
    full_name       text not null,
    email           text not null,
    -- ASP.NET Core Identity PasswordHasher format; null until the invitation is accepted.
    password_hash   text,
    failed_attempts integer not null default 0,
    locked_until    timestamptz,
    deleted_at      timestamptz,
    created_at      timestamptz not null default now()
);

create unique index user_account_email_idx on directory.user_account (lower(email)) where deleted_at is null;
create index user_account_antenne_idx on directory.user_account (antenne_id);

-- 'admin' has no antenne; 'antenne_manager' names the antenne managed (one row per antenne).
create table directory.user_role (
    user_id    uuid not null references directory.user_account (id),
    role       text not null check (role in ('admin', 'antenne_manager')),
    antenne_id uuid references directory.antenne (id),
    check ((role = 'antenne_manager') = (antenne_id is not null)),
    unique nulls not distinct (user_id, role, antenne_id)
);

-- An account answers for one or more experts (a person, or a team it belongs to).
create table directory.user_expert (
    user_id   uuid not null references directory.user_account (id),
    expert_id uuid not null references directory.expert (id),
    primary key (user_id, expert_id)
);

create index user_expert_expert_idx on directory.user_expert (expert_id);

-- Single-use links (invitation, password reset). Only the SHA-256 of the token is kept: a database leak gives no usable link.
create table directory.user_token (
    token_hash bytea primary key,
    user_id    uuid not null references directory.user_account (id),
    purpose    text not null check (purpose in ('invitation', 'password_reset')),
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null default now()
);

create index user_token_user_idx on directory.user_token (user_id);

-- ASP.NET Core data-protection key ring (XML elements), shared by every host so that sign-in cookies survive
-- restarts and work behind a load balancer.
create table directory.data_protection_key (
    friendly_name text primary key,
    xml           text not null,
    created_at    timestamptz not null default now()
);
