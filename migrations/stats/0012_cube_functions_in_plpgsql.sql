-- The cubes' additions, unchanged, in PL/pgSQL rather than SQL: a function in SQL that a trigger calls with PERFORM is parsed
-- and planned again at every call (it cannot be inlined into a statement); a PL/pgSQL one keeps its plan for the session.
-- A name a parameter shares with a column means the column (variable_conflict), and the parameters are named with the
-- function's name.
create or replace function stats.add_to_activity(delta stats.activity_delta, institutions uuid[]) returns void
    language plpgsql as $$
#variable_conflict use_column
begin
    insert into stats.activity_pending (delta, institutions) values (add_to_activity.delta, add_to_activity.institutions);
end
$$;

create or replace function stats.add_match(n stats.need_fact, institution uuid, status text, sign integer) returns void
    language plpgsql as $$
#variable_conflict use_column
begin
    insert into stats.match_cube as c (level, subject_slug, departement, institution_id, month, status, matches)
    select k.level, k.subject_slug, k.departement, k.institution_id, stats.paris_month(n.routed_at), add_match.status, add_match.sign
    from stats.level_keys('{0,1,2,3,4,5,6,7}', n.subject_slug, n.departement, true, array[add_match.institution]) k
    on conflict (level, subject_slug, departement, institution_id, month, status) do update set matches = c.matches + excluded.matches;
end
$$;

create or replace function stats.add_need_status(n stats.need_fact, status text, sign integer, institutions uuid[]) returns void
    language plpgsql as $$
#variable_conflict use_column
begin
    insert into stats.need_status_cube as c (level, subject_slug, departement, institution_id, month, status, needs)
    select k.level, k.subject_slug, k.departement, k.institution_id, stats.paris_month(n.routed_at),
           coalesce(add_need_status.status, 'quo'), add_need_status.sign
    from stats.level_keys('{0,1,2,3,4,7}', n.subject_slug, n.departement, array_position(add_need_status.institutions, null) is not null,
        array_remove(add_need_status.institutions, null)) k
    on conflict (level, subject_slug, departement, institution_id, month, status) do update set needs = c.needs + excluded.needs;
end
$$;
