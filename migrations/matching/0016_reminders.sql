-- The reminder jobs (Modules/Matching/PdE.Matching/Features/Reminders): each marks what it told, in the transaction that
-- writes the event, so that it is told once.
-- J+21: the expert's last chance to answer a match nobody took.
alter table matching.match add column last_chance_sent_at timestamptz;
create index match_unreminded_waiting_idx on matching.match (sent_at) where status = 'quo' and last_chance_sent_at is null;
-- J+45: the requester told that no expert could answer.
alter table matching.need add column requester_unanswered_told_at timestamptz;
create index need_unanswered_untold_idx on matching.need (created_at) where status = 'quo' and requester_unanswered_told_at is null;
-- The weekly recap: one per expert and week (the Monday of the week, Paris).
create table matching.weekly_recap (
    expert_id  uuid not null,
    week_start date not null,
    written_at timestamptz not null default now(),
    primary key (expert_id, week_start)
);
