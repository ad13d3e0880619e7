-- sent_at: when the match was sent to its expert. A match without it is a draft: no expert sees it (inbox, counts, need
-- page) until it is sent. Routing sends every match at once today, so existing matches were sent when they were made.
-- The expert inbox's « Expirés » tab counts 45 days from it.
alter table matching.match add column sent_at timestamptz;
update matching.match set sent_at = created_at;

create index match_expert_sent_idx on matching.match (expert_id, sent_at) where sent_at is not null;

-- The reason an expert gives with an answer (a refusal of several needs at once from the inbox); null when none was asked.
alter table matching.match_history add column comment text;
