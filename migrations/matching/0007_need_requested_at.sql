-- When the requester sent the request (SolicitationValidated's SubmittedAt): the expert's e-mail and pages say how long the
-- company has waited. Needs routed before this migration have none.
alter table matching.need add column requested_at timestamptz;
