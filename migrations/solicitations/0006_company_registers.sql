-- Is the requester's company in the RCS (registre du commerce et des sociétés) or the RM (répertoire des métiers)?
-- Checked after submission by CheckCompanyRegistersJob, never while the requester waits. Each column: true, false, or
-- null while unknown (not asked yet, or the source could not tell). Neither (both false) raises the "?" flag on the
-- triage desk: maybe not a company at all.
alter table solicitations.solicitation
    add column in_rcs                 boolean,
    add column in_rm                  boolean,
    -- When the check ended (both answers known, or no source can tell more); null while it goes on.
    add column registers_checked_at   timestamptz,
    -- Attempts so far, and when the next one is due after a failure (a bounded number of tries).
    add column registers_attempts     integer not null default 0,
    add column registers_next_attempt timestamptz;

create index solicitation_registers_due_idx on solicitations.solicitation (registers_next_attempt nulls first)
    where registers_checked_at is null and siret is not null and status <> 'draft';
