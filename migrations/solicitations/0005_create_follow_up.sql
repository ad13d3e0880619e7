-- The requester's follow-up page: a private link sent by e-mail when the request is sent (only the SHA-256 of its
-- random token is kept; a new link, sent on request, replaces the old one). What happened next comes from Matching's
-- events: one row per expert the request was sent to, with the institution shown to the requester.
alter table solicitations.solicitation add column follow_up_token_hash bytea;

create unique index solicitation_follow_up_token_idx on solicitations.solicitation (follow_up_token_hash)
    where follow_up_token_hash is not null;

create table solicitations.follow_up_match (
    match_id         uuid primary key,
    solicitation_id  uuid not null references solicitations.solicitation (id),
    institution_name text not null,
    created_at       timestamptz not null
);

create index follow_up_match_solicitation_idx on solicitations.follow_up_match (solicitation_id);
