-- The requesters' answers to the satisfaction survey (Matching's SatisfactionAnswered), one row per need: the raw
-- material of the satisfaction figures (contacted by an expert, useful exchange, by month). The comment stays in Matching.
create table stats.satisfaction_answer (
    need_id             uuid primary key,
    solicitation_id     uuid not null,
    answered_at         timestamptz not null,
    contacted_by_expert boolean not null,
    useful_exchange     boolean,
    has_comment         boolean not null
);

create index satisfaction_answer_answered_idx on stats.satisfaction_answer (answered_at);
