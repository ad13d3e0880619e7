-- Ten days after an expert closed a need with help, its requester is asked two questions (were they contacted, was the
-- exchange useful) and for a comment, through a private link: one survey per need, one answer. Only the link's SHA-256
-- is kept. The team may share an answer with the experts who took the need in charge (shared_at); they then read it on
-- the need's page.
create table matching.satisfaction_survey (
    need_id             uuid primary key references matching.need (id),
    token_hash          bytea not null unique,
    sent_at             timestamptz not null,
    answered_at         timestamptz,
    contacted_by_expert boolean,
    useful_exchange     boolean,
    comment             text,
    shared_at           timestamptz,
    shared_by_name      text,
    check ((answered_at is null) = (contacted_by_expert is null))
);

-- The team's list of answers, newest first.
create index satisfaction_survey_answered_idx on matching.satisfaction_survey (answered_at desc, need_id) where answered_at is not null;

-- The daily job reads the matches closed with help in a window of days.
create index match_done_closed_idx on matching.match (closed_at) where status = 'done';
