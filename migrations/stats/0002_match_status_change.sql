-- Experts' answers to their matches (Matching's MatchStatusChanged), one row per event as Matching told it: the raw
-- material of the figures still to come (taken in charge, closed, declined, per institution, antenne, expert and month).
-- antenne_id and institution_id are null for matches made before Matching kept them.
create table stats.match_status_change (
    event_id        uuid primary key,
    match_id        uuid not null,
    need_id         uuid not null,
    solicitation_id uuid not null,
    expert_id       uuid not null,
    antenne_id      uuid,
    institution_id  uuid,
    from_status     text not null,
    to_status       text not null,
    need_status     text not null,
    occurred_at     timestamptz not null
);

-- When each need was first taken in charge and first closed (its status, recomputed by Matching from all its matches):
-- the monthly counters needs_taken_in_charge and needs_closed count each need once, in the month of that first time,
-- whatever is undone afterwards and in whatever order the events arrive. The row also serialises a need's events.
create table stats.need_progress (
    need_id                  uuid primary key,
    first_taken_in_charge_at timestamptz,
    first_closed_at          timestamptz
);
