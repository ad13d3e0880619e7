-- The closed and refused tabs of the expert inbox come newest answer first (the answer's date, else the sending's). Their
-- pages followed match_expert_inbox_idx, ordered by sending date, and sorted the whole tab for each page: 120,000 entries
-- for the busiest expert of the volume benchmark. This index holds those tabs' entries in their own order, so that a page,
-- the first or the 250th reached by its cursor, is the next 25 entries of one range.
create index match_expert_answered_idx on matching.match (expert_id, coalesce(status_changed_at, sent_at), need_id)
    include (id, status, sent_at, status_changed_at, subject_slug)
    where sent_at is not null and status in ('not_for_me', 'done', 'done_no_help', 'done_not_reachable');
