-- The requester's yes/no answers to the subject's questions, as SolicitationValidated brought them (question as asked,
-- answer): experts read them on the need page. Needs routed before this migration have none.
alter table matching.need add column answers jsonb not null default '[]';
