-- The inbox's tab counts' upsert, unchanged, in PL/pgSQL rather than SQL: a function in SQL that a trigger calls with
-- PERFORM is parsed and planned again at every call (it cannot be inlined into a statement); a PL/pgSQL one keeps its plan
-- for the session. A name a parameter shares with a column means the column (variable_conflict), and the parameters are
-- named with the function's name.
create or replace function matching.add_to_expert_match_count(expert uuid, status text, subject text, delta int) returns void language plpgsql as $$
#variable_conflict use_column
begin
    insert into matching.expert_match_count as c (expert_id, status, subject_slug, count)
    values (add_to_expert_match_count.expert, add_to_expert_match_count.status, add_to_expert_match_count.subject,
            add_to_expert_match_count.delta)
    on conflict (expert_id, status, subject_slug) do update set count = c.count + excluded.count;
end
$$;
