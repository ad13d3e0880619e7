-- The team's reminders desk (/conseiller/relances): what the team did about a need waiting for its experts, or about an
-- expert with needs waiting: a reminder e-mail, a phone call (with its note), « traité » (out of the basket).
create table matching.reminder_action (
    id            bigint generated always as identity primary key,
    need_id       uuid references matching.need (id),
    expert_id     uuid,
    basket        text not null check (basket in ('a-relancer', 'derniere-chance', 'sans-reponse', 'conseillers')),
    action        text not null check (action in ('email', 'call', 'processed')),
    note          text,
    actor_user_id uuid not null,
    actor_name    text not null,
    occurred_at   timestamptz not null default now(),
    check ((need_id is null) <> (expert_id is null))
);

create index reminder_action_need_idx on matching.reminder_action (need_id, id) where need_id is not null;
create index reminder_action_expert_idx on matching.reminder_action (expert_id, id) where expert_id is not null;
-- The baskets read the waiting matches by their sending: a range of this index, however long the history.
create index match_waiting_sent_idx on matching.match (sent_at) include (need_id, expert_id) where status = 'quo';
