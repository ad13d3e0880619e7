-- The company's facts as SolicitationValidated brought them (what the registry said at intake): the need page describes
-- the company from Matching's own row instead of asking Solicitations on every view. Needs routed before this migration
-- have none: their page shows the company without activity, headcount or creation date.
alter table matching.need
    add column naf_code           text,
    add column headcount_bracket  text,
    add column company_created_on date;
