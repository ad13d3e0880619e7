-- One row per request received (Solicitations' SolicitationSubmitted, then SolicitationValidated with the subject and the
-- company as the team left them): what /stats counts, filters and breaks down requests by. The SIRET is null for a project
-- without a company; départements are INSEE codes (2A, 971); the NAF section is the letter of the activity's division (C:
-- industrie manufacturière).
create table stats.request_fact (
    solicitation_id   uuid primary key,
    received_at       timestamptz not null,
    siret             text,
    subject_slug      text not null,
    departement       text,
    headcount_bracket text,
    naf_section       text
);

create index request_fact_received_idx on stats.request_fact (received_at);

-- One row per need sent to experts (Matching's NeedRouted): its subject and company as routed, and when.
create table stats.need_fact (
    need_id           uuid primary key,
    solicitation_id   uuid not null,
    routed_at         timestamptz not null,
    subject_slug      text,
    departement       text,
    headcount_bracket text,
    naf_section       text
);

create index need_fact_routed_idx on stats.need_fact (routed_at);

-- The institutions each need was sent to (Matching's MatchCreated): the institution filter.
create table stats.need_institution (
    institution_id uuid not null,
    need_id        uuid not null,
    primary key (institution_id, need_id)
);

-- When a need was first closed with help (need status 'done'), beside its first taking in charge and first closing.
alter table stats.need_progress add column first_done_at timestamptz;

create index need_fact_solicitation_idx on stats.need_fact (solicitation_id);

-- The monthly counters gave way to the facts above: every figure is now counted from them, with the filters.
drop table stats.monthly_counter;
