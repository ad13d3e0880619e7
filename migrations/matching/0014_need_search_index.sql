-- The expert inbox's search for an agent whose experts hold many matches (ShowExpertInboxHandler.SearchNeedsPast): the
-- needs holding every word are found by this index, then joined to the agent's matches. Reading each of the 200,000
-- matches of the busiest expert of the volume benchmark took 0.3 to 0.8 s per search.
create extension if not exists pg_trgm with schema public;
create index need_search_idx on matching.need using gin (search_text public.gin_trgm_ops);
