-- One row per match sent (Matching's MatchCreated), with its expert's antenne and institution and its status now
-- (MatchStatusChanged, the latest by its time): what the team's and the managers' figures count (positioning, taking in
-- charge, closing, declining). sent_at stays null while only an answer has arrived (events may come in any order).
create table stats.match_fact (
    match_id       uuid primary key,
    need_id        uuid not null,
    expert_id      uuid not null,
    antenne_id     uuid,
    institution_id uuid,
    sent_at        timestamptz,
    status         text not null default 'quo',
    status_at      timestamptz
);

create index match_fact_need_idx on stats.match_fact (need_id);

-- A need's status now (recomputed by Matching from all its matches), the latest by its time.
alter table stats.need_progress
    add column status    text,
    add column status_at timestamptz;
