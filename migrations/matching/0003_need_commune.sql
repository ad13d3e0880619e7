-- The commune of the company's establishment (or of the project), from SolicitationValidated: the expert's inbox says
-- where each company is. Needs routed before this migration have none and show no place.
alter table matching.need add column commune_code text;
