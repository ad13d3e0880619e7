-- An unfinished request (a draft: step 1 done, the form left) is relaunched by e-mail the next day and the day after
-- (RelaunchUnfinishedRequestsJob), each time with a private link of its own: only its SHA-256 is kept, in resume_link,
-- next to the draft's first one (a leaked table gives no working link).
alter table solicitations.solicitation add column relaunch_count int not null default 0;
alter table solicitations.solicitation add column relaunched_at timestamptz;
create index solicitation_draft_relaunch_idx on solicitations.solicitation (created_at) where status = 'draft' and relaunch_count < 2;

create table solicitations.resume_link (
    token_hash      bytea primary key,
    solicitation_id uuid not null references solicitations.solicitation (id) on delete cascade,
    issued_at       timestamptz not null default now()
);

create index resume_link_solicitation_idx on solicitations.resume_link (solicitation_id);
