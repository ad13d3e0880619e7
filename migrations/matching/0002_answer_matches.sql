-- Experts answer their matches (take, decline, close, undo): the need page shows the company as intake knew it, each
-- change is kept in the match's history, and the need's status is recomputed from its matches.
alter table matching.need add column company_name text;

alter table matching.need drop constraint need_status_check;
alter table matching.need add constraint need_status_check check (status in
    ('no_expert', 'quo', 'taking_care', 'done', 'done_no_help', 'done_not_reachable', 'not_for_me'));

-- taken_care_of_at: first taken (or closed), cleared when back to the inbox; closed_at: first closed or declined,
-- cleared when back to the inbox or to "en cours". status_changed_at orders the closed and refused tabs.
alter table matching.match
    add column taken_care_of_at  timestamptz,
    add column closed_at         timestamptz,
    add column status_changed_at timestamptz;

create table matching.match_history (
    id            uuid primary key,
    match_id      uuid not null references matching.match (id),
    need_id       uuid not null references matching.need (id),
    from_status   text not null,
    to_status     text not null,
    actor_user_id uuid not null,
    actor_name    text not null,
    occurred_at   timestamptz not null
);

create index match_history_need_idx on matching.match_history (need_id, occurred_at);
