-- The team's statistics at volume: stats.match_cube counts the matches by the Paris month their need was sent, the need's
-- subject and département, the match's institution (null: unknown, for matches older than Matching's ids) and its status
-- now; stats.need_status_cube the needs with at least one match by the same keys and their status now, under
-- institution_id null (every need) and under each institution they went to. Kept by triggers on the facts like
-- stats.activity_cube (stats/0007), and summed again by stats.sum_cubes after a rebuild. A manager's figures, over a few
-- antennes, are read from the facts (match_fact_expert_idx).
create table stats.match_cube (
    month          date not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    status         text not null,
    matches        integer not null default 0,
    unique nulls not distinct (month, subject_slug, departement, institution_id, status)
);

create table stats.need_status_cube (
    month          date not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    status         text not null,
    needs          integer not null default 0,
    unique nulls not distinct (month, subject_slug, departement, institution_id, status)
);

create index match_cube_institution_idx on stats.match_cube (institution_id, month);
create index need_status_cube_institution_idx on stats.need_status_cube (institution_id, month);
create index match_fact_expert_idx on stats.match_fact (expert_id);

create function stats.add_match(n stats.need_fact, institution uuid, status text, sign integer) returns void
    language sql as $$
    insert into stats.match_cube as c (month, subject_slug, departement, institution_id, status, matches)
    values (stats.paris_month(n.routed_at), n.subject_slug, n.departement, institution, status, sign)
    on conflict (month, subject_slug, departement, institution_id, status) do update set matches = c.matches + excluded.matches
    $$;

create function stats.add_need_status(n stats.need_fact, status text, sign integer, institutions uuid[]) returns void
    language sql as $$
    insert into stats.need_status_cube as c (month, subject_slug, departement, institution_id, status, needs)
    select stats.paris_month(n.routed_at), n.subject_slug, n.departement, i, coalesce(status, 'quo'), sign from unnest(institutions) i
    on conflict (month, subject_slug, departement, institution_id, status) do update set needs = c.needs + excluded.needs
    $$;

-- A need counts among "every need" once it has a match, and under each institution it went to.
create function stats.need_status_rows(need uuid) returns uuid[]
    language sql stable as $$
    select case when exists (select 1 from stats.match_fact where need_id = need) then array[null::uuid] else '{}' end
           || array(select institution_id from stats.need_institution where need_id = need) $$;

create function stats.match_fact_changed() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
begin
    if stats.rebuilding() then
        return null;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if not found then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = new.status and old.institution_id is not distinct from new.institution_id then
            return null;
        end if;
        perform stats.add_match(n, old.institution_id, old.status, -1);
    elsif not exists (select 1 from stats.match_fact where need_id = new.need_id and match_id <> new.match_id) then
        perform stats.add_need_status(n, (select status from stats.need_progress where need_id = new.need_id), 1, array[null::uuid]);
    end if;
    perform stats.add_match(n, new.institution_id, new.status, 1);
    return null;
end $$;

create function stats.need_fact_changed_for_team() returns trigger
    language plpgsql as $$
declare
    m record;
    status text := (select p.status from stats.need_progress p where p.need_id = new.need_id);
    rows uuid[] := stats.need_status_rows(new.need_id);
begin
    if stats.rebuilding() then
        return null;
    end if;
    for m in select institution_id, match_fact.status from stats.match_fact where need_id = new.need_id loop
        if tg_op = 'UPDATE' then
            perform stats.add_match(old, m.institution_id, m.status, -1);
        end if;
        perform stats.add_match(new, m.institution_id, m.status, 1);
    end loop;
    if tg_op = 'UPDATE' then
        perform stats.add_need_status(old, status, -1, rows);
    end if;
    perform stats.add_need_status(new, status, 1, rows);
    return null;
end $$;

create function stats.need_progress_changed_for_team() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
    before text;
begin
    if stats.rebuilding() then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        before := old.status;
    end if;
    if coalesce(before, 'quo') = coalesce(new.status, 'quo') then
        return null;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if not found then
        return null;
    end if;
    perform stats.add_need_status(n, before, -1, stats.need_status_rows(new.need_id));
    perform stats.add_need_status(n, new.status, 1, stats.need_status_rows(new.need_id));
    return null;
end $$;

create function stats.need_institution_added_for_team() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
begin
    if stats.rebuilding() then
        return null;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if found then
        perform stats.add_need_status(n, (select status from stats.need_progress where need_id = new.need_id), 1, array[new.institution_id]);
    end if;
    return null;
end $$;

create trigger match_fact_team_cube after insert or update on stats.match_fact
    for each row execute function stats.match_fact_changed();
create trigger need_fact_team_cube after insert or update on stats.need_fact
    for each row execute function stats.need_fact_changed_for_team();
create trigger need_progress_team_cube after insert or update on stats.need_progress
    for each row execute function stats.need_progress_changed_for_team();
create trigger need_institution_team_cube after insert on stats.need_institution
    for each row execute function stats.need_institution_added_for_team();

create function stats.sum_team_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.match_cube, stats.need_status_cube in access exclusive mode;
    truncate stats.match_cube, stats.need_status_cube;
    insert into stats.match_cube
    select stats.paris_month(n.routed_at), n.subject_slug, n.departement, m.institution_id, m.status, count(*)
    from stats.match_fact m join stats.need_fact n using (need_id)
    group by 1, 2, 3, 4, 5;

    insert into stats.need_status_cube
    select stats.paris_month(n.routed_at), n.subject_slug, n.departement, i.institution_id, coalesce(p.status, 'quo'), count(*)
    from stats.need_fact n
    left join stats.need_progress p using (need_id)
    join lateral (
        select null::uuid as institution_id where exists (select 1 from stats.match_fact m where m.need_id = n.need_id)
        union all
        select institution_id from stats.need_institution where need_id = n.need_id) i on true
    group by 1, 2, 3, 4, 5;
end $$;

select stats.sum_team_cubes();
