-- The follow-up page also tells how the advisors answered (Matching's MatchStatusChanged): who took the request in
-- charge and when, who declined, when it was closed. status_changed_at keeps a late, older event from undoing a newer one.
alter table solicitations.follow_up_match
    add column expert_name       text,
    add column status            text not null default 'quo',
    add column taken_at          timestamptz,
    add column closed_at         timestamptz,
    add column status_changed_at timestamptz;
