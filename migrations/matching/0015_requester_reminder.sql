-- Nine days after a need was sent with no expert taking it in charge, its requester is told the request is still being
-- handled (RemindWaitingRequestersJob), once: the instant is kept on the need. The index holds the needs still waiting
-- and not yet reminded, the only ones the daily job reads.
alter table matching.need add column requester_reminded_at timestamptz;
create index need_waiting_unreminded_idx on matching.need (created_at) where status = 'quo' and requester_reminded_at is null;
