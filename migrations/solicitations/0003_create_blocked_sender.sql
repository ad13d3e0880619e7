-- Senders the team no longer wants to hear from (spam, abuse). A request matching one is kept, set aside and never
-- routed: nothing is lost if an entry was a mistake, and the sender is not told (that would teach them to get round it).
create table solicitations.blocked_sender (
    id         uuid primary key,
    kind       text not null check (kind in ('email', 'domain', 'siret', 'siren')),
    -- Lower-case e-mail or domain, or digits only.
    value      text not null,
    reason     text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    unique (kind, value)
);
