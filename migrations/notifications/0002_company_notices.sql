-- The company is told by e-mail when an advisor takes its request in charge or closes it (help offered, no help
-- possible, could not reach it), one minute after the answer and only if the answer still holds then: an undo within
-- the minute sends nothing. One row per match (MatchStatusChanged): what is waiting to be told and when, and what the
-- company was last told. The requester's address is not kept here: it is asked from Solicitations when the e-mail goes.
create table notifications.company_notice (
    match_id         uuid primary key,
    solicitation_id  uuid not null,
    expert_name      text not null,
    institution_name text not null,
    -- ChangedAt of the latest MatchStatusChanged applied (null an instant, before the first): an older one arriving late changes nothing.
    last_changed_at  timestamptz,
    -- The status to tell and when; both null when nothing is waiting.
    pending_status   text check (pending_status in ('taking_care', 'done', 'done_no_help', 'done_not_reachable')),
    due_at           timestamptz,
    -- The last status the company was told about, and when; null before the first e-mail.
    notified_status  text,
    notified_at      timestamptz,
    check ((pending_status is null) = (due_at is null))
);

create index company_notice_due_idx on notifications.company_notice (due_at) where pending_status is not null;
