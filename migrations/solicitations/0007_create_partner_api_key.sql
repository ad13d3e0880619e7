-- Partner institutions send requests through the API (POST /api/v1/solicitations) with a key the team creates for them.
-- The secret is shown once at creation: only its SHA-256 is kept (a leaked table gives no working key), with a short
-- prefix so that admins can tell keys apart. A key stops working at expires_at (at most a year after creation; the check
-- leaves a day of slack for the Paris day boundary) or once revoked. The institution lives in the Directory: its id is
-- a reference without a foreign key, its name a copy.
create table solicitations.partner_api_key (
    id               uuid primary key,
    institution_id   uuid not null,
    institution_name text not null,
    label            text not null,
    key_prefix       text not null,
    secret_hash      bytea not null unique,
    created_by       text not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    revoked_by       text,
    revoked_at       timestamptz,
    last_used_at     timestamptz,
    constraint partner_api_key_expiry_check check (expires_at > created_at and expires_at <= created_at + interval '1 year 2 days'),
    constraint partner_api_key_revoked_check check ((revoked_at is null) = (revoked_by is null))
);

create index partner_api_key_institution_idx on solicitations.partner_api_key (institution_id);

-- Provenance of a request sent through the API: which key (and so which partner institution) sent it.
alter table solicitations.solicitation
    add column partner_api_key_id     uuid references solicitations.partner_api_key (id),
    add column partner_institution_id uuid;
