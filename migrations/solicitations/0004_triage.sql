-- The team's triage desk (/conseiller/sollicitations). Life of a sent request (status):
--   'received'  sent by the requester, waiting for the team (tab "Reçues");
--   'validated' the team validated it: SolicitationValidated is emitted and Matching routes it ("Mises en relation");
--   'canceled'  the team dropped it with a canned reply e-mailed to the requester ("Abandonnées");
--   'blocked'   the sender is on the blocklist: kept, set aside at submission, never routed ("Mises de côté").
alter table solicitations.solicitation
    drop constraint solicitation_status_check,
    add constraint solicitation_status_check check (status in ('draft', 'received', 'validated', 'canceled', 'blocked')),
    add column validated_at timestamptz,
    add column canceled_at  timestamptz,
    -- Key of the canned reply sent on cancellation (see CannedReplies).
    add column cancel_reply text,
    -- Which blocklist entry set the request aside (its reason, for the team).
    add column blocked_reason text,
    -- Free labels the team puts on requests (lower-case, trimmed).
    add column tags text[] not null default '{}';

-- The desk reads requests by status, newest first, and the warning flags look for the same SIRET or e-mail.
create index solicitation_status_submitted_idx on solicitations.solicitation (status, submitted_at desc) where status <> 'draft';
create index solicitation_email_idx on solicitations.solicitation (lower(email)) where status <> 'draft';

-- The timeline of a request: every action of the team (validation, subject change, cancellation, tags, comments).
create table solicitations.solicitation_event (
    id              uuid primary key,
    solicitation_id uuid not null references solicitations.solicitation (id),
    occurred_at     timestamptz not null default now(),
    actor           text not null,
    -- 'validated', 'subject_changed', 'canceled', 'tag_added', 'tag_removed', 'comment'.
    action          text not null,
    detail          text
);

create index solicitation_event_solicitation_idx on solicitations.solicitation_event (solicitation_id, occurred_at);
