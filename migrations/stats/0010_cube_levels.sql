-- The cubes in levels (issue 14, speed at volume). Measured at 1,000,000 requests, a view that sums over a dimension it
-- does not filter read too many rows: a theme's delays (one row per need, nearly, in stats.take_delay_cube), one
-- institution's figures (32,000 rows scattered among 1,900,000), the team's page (every institution's rows of
-- stats.match_cube, 2,570,000). Each cube now keeps its sums at several levels, as SQL's grouping sets do: a row's level
-- says which of the subject (1), the département (2) and the institution (4) it keeps; the others are summed over and
-- null. Level 0 is the month alone; level 3 is everything per month, subject and département (stats/0009's
-- stats.activity_total); level 7 is one institution's per month, subject and département (stats/0007's rows). A view reads
-- the smallest level that keeps the dimensions it filters or breaks down by, and sums only the rows of its filter
-- (PdE.Stats.Features.Shared.CubeLevels). Levels that would hold nearly as many rows as the level above them are left
-- out: a cube without a level reads the next one up. Summing over the institutions counts a need under each institution it
-- went to, so a level with the institution (4) never serves a view without it, and the other way round.
--
-- The triggers of stats/0007 and stats/0008 stay: the functions they call keep their names and now write every level.

drop function stats.sum_cubes();
drop function stats.sum_team_cubes();
drop function stats.add_need(stats.need_fact, stats.need_progress, stats.satisfaction_answer, integer, uuid[]);
drop function stats.add_to_activity(stats.activity_cube, uuid[]);
drop function stats.request_delta(stats.request_fact, integer);
drop function stats.need_delta(stats.need_fact, stats.need_progress, stats.satisfaction_answer, integer);
drop function stats.add_match(stats.need_fact, uuid, text, integer);
drop function stats.add_need_status(stats.need_fact, text, integer, uuid[]);
drop table stats.activity_cube, stats.activity_total, stats.take_delay_cube, stats.take_delay_month, stats.match_cube, stats.need_status_cube;

-- One request's or need's contribution to the activity cube, before it is spread over the levels.
create type stats.activity_delta as (
    month         date,
    subject_slug  text,
    departement   text,
    requests      integer,
    size_0        integer,
    size_1_9      integer,
    size_10_49    integer,
    size_50_249   integer,
    size_250_plus integer,
    naf_a         integer,
    naf_b         integer,
    naf_c         integer,
    naf_d         integer,
    naf_e         integer,
    naf_f         integer,
    naf_g         integer,
    naf_h         integer,
    naf_i         integer,
    naf_j         integer,
    naf_k         integer,
    naf_l         integer,
    naf_m         integer,
    naf_n         integer,
    naf_o         integer,
    naf_p         integer,
    naf_q         integer,
    naf_r         integer,
    naf_s         integer,
    naf_t         integer,
    naf_u         integer,
    needs_routed  integer,
    needs_taken   integer,
    needs_done    integer,
    answers       integer,
    contacted     integer,
    useful        integer
);

-- Per level: requests received (a request once per institution its needs went to, stats.request_institution), with their
-- size classes and NAF sections (unknown: requests minus the known), needs sent, taken in charge, closed with help, and the
-- survey's answers. Levels 0, 1, 2, 3, 4, 5 and 7.
create table stats.activity_cube (
    level          smallint not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    month          date not null,
    requests       integer not null default 0,
    size_0         integer not null default 0,
    size_1_9       integer not null default 0,
    size_10_49     integer not null default 0,
    size_50_249    integer not null default 0,
    size_250_plus  integer not null default 0,
    naf_a          integer not null default 0,
    naf_b          integer not null default 0,
    naf_c          integer not null default 0,
    naf_d          integer not null default 0,
    naf_e          integer not null default 0,
    naf_f          integer not null default 0,
    naf_g          integer not null default 0,
    naf_h          integer not null default 0,
    naf_i          integer not null default 0,
    naf_j          integer not null default 0,
    naf_k          integer not null default 0,
    naf_l          integer not null default 0,
    naf_m          integer not null default 0,
    naf_n          integer not null default 0,
    naf_o          integer not null default 0,
    naf_p          integer not null default 0,
    naf_q          integer not null default 0,
    naf_r          integer not null default 0,
    naf_s          integer not null default 0,
    naf_t          integer not null default 0,
    naf_u          integer not null default 0,
    needs_routed   integer not null default 0,
    needs_taken    integer not null default 0,
    needs_done     integer not null default 0,
    answers        integer not null default 0,
    contacted      integer not null default 0,
    useful         integer not null default 0,
    unique nulls not distinct (level, departement, subject_slug, institution_id, month)
);

-- The needs first taken in charge per delay bucket (stats.delay_bucket), for the median. Levels 0, 1, 2, 3, 4 and 7.
-- The count is in the index so that a view reads the index alone.
create table stats.take_delay_cube (
    level          smallint not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    month          date not null,
    bucket         smallint not null,
    needs          integer not null default 0,
    unique nulls not distinct (level, departement, subject_slug, institution_id, month, bucket) include (needs)
);

-- The matches by their need's month, subject and département, their institution (at levels 4 to 7 a null one is unknown:
-- matches older than Matching's ids) and their status now. Every level.
create table stats.match_cube (
    level          smallint not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    month          date not null,
    status         text not null,
    matches        integer not null default 0,
    unique nulls not distinct (level, departement, subject_slug, institution_id, month, status) include (matches)
);

-- The needs with at least one match by their status now; at levels 4 and 7 under each institution they went to. Levels 0,
-- 1, 2, 3, 4 and 7.
create table stats.need_status_cube (
    level          smallint not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    month          date not null,
    status         text not null,
    needs          integer not null default 0,
    unique nulls not distinct (level, departement, subject_slug, institution_id, month, status) include (needs)
);

-- The unique keys lead with the place, then the subject: a view reads its places' rows, then its subjects' or all of them.
-- One institution's rows are read through these indexes, which lead with it.
create index activity_cube_institution_idx on stats.activity_cube (level, institution_id, departement, subject_slug, month) where level >= 4;
create index take_delay_cube_institution_idx on stats.take_delay_cube (level, institution_id, departement, subject_slug, month, bucket)
    include (needs) where level >= 4;
create index match_cube_institution_idx on stats.match_cube (level, institution_id, departement, subject_slug, month, status)
    include (matches) where level >= 4;
create index need_status_cube_institution_idx on stats.need_status_cube (level, institution_id, departement, subject_slug, month, status)
    include (needs) where level >= 4;

-- The rows one contribution adds to, at the levels given: once at each level without the institution (when it counts in
-- everything), once per institution at each level with it.
create function stats.level_keys(levels smallint[], subject text, departement text, everything boolean, institutions uuid[])
    returns table (level smallint, subject_slug text, departement text, institution_id uuid)
    language sql immutable as $$
    select l, case when l & 1 <> 0 then subject end, case when l & 2 <> 0 then departement end, institution.id
    from unnest(levels) l
    cross join lateral (
        select null::uuid as id, false as per_institution where everything
        union all
        select unnest(institutions), true) institution
    where (l & 4 <> 0) = institution.per_institution
    $$;

create function stats.request_delta(r stats.request_fact, sign integer) returns stats.activity_delta
    language sql immutable as $$
    select row(stats.paris_month(r.received_at), r.subject_slug, r.departement, sign,
        sign * coalesce(r.headcount_bracket in ('NN', '00'), false)::int,
        sign * coalesce(r.headcount_bracket in ('01', '02', '03'), false)::int,
        sign * coalesce(r.headcount_bracket in ('11', '12'), false)::int,
        sign * coalesce(r.headcount_bracket in ('21', '22', '31'), false)::int,
        sign * coalesce(r.headcount_bracket in ('32', '41', '42', '51', '52', '53'), false)::int,
        sign * coalesce(r.naf_section = 'A', false)::int,
        sign * coalesce(r.naf_section = 'B', false)::int,
        sign * coalesce(r.naf_section = 'C', false)::int,
        sign * coalesce(r.naf_section = 'D', false)::int,
        sign * coalesce(r.naf_section = 'E', false)::int,
        sign * coalesce(r.naf_section = 'F', false)::int,
        sign * coalesce(r.naf_section = 'G', false)::int,
        sign * coalesce(r.naf_section = 'H', false)::int,
        sign * coalesce(r.naf_section = 'I', false)::int,
        sign * coalesce(r.naf_section = 'J', false)::int,
        sign * coalesce(r.naf_section = 'K', false)::int,
        sign * coalesce(r.naf_section = 'L', false)::int,
        sign * coalesce(r.naf_section = 'M', false)::int,
        sign * coalesce(r.naf_section = 'N', false)::int,
        sign * coalesce(r.naf_section = 'O', false)::int,
        sign * coalesce(r.naf_section = 'P', false)::int,
        sign * coalesce(r.naf_section = 'Q', false)::int,
        sign * coalesce(r.naf_section = 'R', false)::int,
        sign * coalesce(r.naf_section = 'S', false)::int,
        sign * coalesce(r.naf_section = 'T', false)::int,
        sign * coalesce(r.naf_section = 'U', false)::int,
        0, 0, 0, 0, 0, 0)::stats.activity_delta
    $$;

create function stats.need_delta(n stats.need_fact, p stats.need_progress, s stats.satisfaction_answer, sign integer)
    returns stats.activity_delta
    language sql immutable as $$
    select row(stats.paris_month(n.routed_at), n.subject_slug, n.departement, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        sign, sign * (p.first_taken_in_charge_at is not null)::int, sign * (p.first_done_at is not null)::int,
        sign * (s.need_id is not null)::int, sign * coalesce(s.contacted_by_expert, false)::int,
        sign * coalesce(s.contacted_by_expert and s.useful_exchange, false)::int)::stats.activity_delta
    $$;

-- Adds one contribution to the activity cube, in everything when the institutions given hold null and under each of the
-- others.
create function stats.add_to_activity(delta stats.activity_delta, institutions uuid[]) returns void
    language sql as $$
    insert into stats.activity_cube as c
    select k.level, k.subject_slug, k.departement, k.institution_id, (d).month, (d).requests, (d).size_0, (d).size_1_9, (d).size_10_49, (d).size_50_249, (d).size_250_plus, (d).naf_a, (d).naf_b, (d).naf_c, (d).naf_d, (d).naf_e, (d).naf_f, (d).naf_g, (d).naf_h, (d).naf_i, (d).naf_j, (d).naf_k, (d).naf_l, (d).naf_m, (d).naf_n, (d).naf_o, (d).naf_p, (d).naf_q, (d).naf_r, (d).naf_s, (d).naf_t, (d).naf_u, (d).needs_routed, (d).needs_taken, (d).needs_done, (d).answers, (d).contacted, (d).useful
    from (select delta as d) x,
         stats.level_keys('{0,1,2,3,4,5,7}', (delta).subject_slug, (delta).departement, array_position(institutions, null) is not null,
             array_remove(institutions, null)) k
    on conflict (level, subject_slug, departement, institution_id, month) do update set
        requests = c.requests + excluded.requests,
        size_0 = c.size_0 + excluded.size_0,
        size_1_9 = c.size_1_9 + excluded.size_1_9,
        size_10_49 = c.size_10_49 + excluded.size_10_49,
        size_50_249 = c.size_50_249 + excluded.size_50_249,
        size_250_plus = c.size_250_plus + excluded.size_250_plus,
        naf_a = c.naf_a + excluded.naf_a,
        naf_b = c.naf_b + excluded.naf_b,
        naf_c = c.naf_c + excluded.naf_c,
        naf_d = c.naf_d + excluded.naf_d,
        naf_e = c.naf_e + excluded.naf_e,
        naf_f = c.naf_f + excluded.naf_f,
        naf_g = c.naf_g + excluded.naf_g,
        naf_h = c.naf_h + excluded.naf_h,
        naf_i = c.naf_i + excluded.naf_i,
        naf_j = c.naf_j + excluded.naf_j,
        naf_k = c.naf_k + excluded.naf_k,
        naf_l = c.naf_l + excluded.naf_l,
        naf_m = c.naf_m + excluded.naf_m,
        naf_n = c.naf_n + excluded.naf_n,
        naf_o = c.naf_o + excluded.naf_o,
        naf_p = c.naf_p + excluded.naf_p,
        naf_q = c.naf_q + excluded.naf_q,
        naf_r = c.naf_r + excluded.naf_r,
        naf_s = c.naf_s + excluded.naf_s,
        naf_t = c.naf_t + excluded.naf_t,
        naf_u = c.naf_u + excluded.naf_u,
        needs_routed = c.needs_routed + excluded.needs_routed,
        needs_taken = c.needs_taken + excluded.needs_taken,
        needs_done = c.needs_done + excluded.needs_done,
        answers = c.answers + excluded.answers,
        contacted = c.contacted + excluded.contacted,
        useful = c.useful + excluded.useful
    $$;

-- A need's whole contribution (activity and delay), in everything when the institutions given hold null and under each of
-- the others.
create function stats.add_need(n stats.need_fact, p stats.need_progress, s stats.satisfaction_answer, sign integer, institutions uuid[])
    returns void
    language plpgsql as $$
begin
    perform stats.add_to_activity(stats.need_delta(n, p, s, sign), institutions);
    if p.first_taken_in_charge_at is not null then
        insert into stats.take_delay_cube as c (level, subject_slug, departement, institution_id, month, bucket, needs)
        select k.level, k.subject_slug, k.departement, k.institution_id, stats.paris_month(n.routed_at),
               stats.delay_bucket(greatest(p.first_taken_in_charge_at - n.routed_at, interval '0')), sign
        from stats.level_keys('{0,1,2,3,4,7}', n.subject_slug, n.departement, array_position(institutions, null) is not null,
            array_remove(institutions, null)) k
        on conflict (level, subject_slug, departement, institution_id, month, bucket) do update set needs = c.needs + excluded.needs;
    end if;
end $$;

-- A match, at every level: in everything, and under its institution (null: unknown).
create function stats.add_match(n stats.need_fact, institution uuid, status text, sign integer) returns void
    language sql as $$
    insert into stats.match_cube as c (level, subject_slug, departement, institution_id, month, status, matches)
    select k.level, k.subject_slug, k.departement, k.institution_id, stats.paris_month(n.routed_at), status, sign
    from stats.level_keys('{0,1,2,3,4,5,6,7}', n.subject_slug, n.departement, true, array[institution]) k
    on conflict (level, subject_slug, departement, institution_id, month, status) do update set matches = c.matches + excluded.matches
    $$;

-- A need's status, in everything when the institutions given hold null and under each of the others.
create function stats.add_need_status(n stats.need_fact, status text, sign integer, institutions uuid[]) returns void
    language sql as $$
    insert into stats.need_status_cube as c (level, subject_slug, departement, institution_id, month, status, needs)
    select k.level, k.subject_slug, k.departement, k.institution_id, stats.paris_month(n.routed_at), coalesce(status, 'quo'), sign
    from stats.level_keys('{0,1,2,3,4,7}', n.subject_slug, n.departement, array_position(institutions, null) is not null,
        array_remove(institutions, null)) k
    on conflict (level, subject_slug, departement, institution_id, month, status) do update set needs = c.needs + excluded.needs
    $$;

-- A grouping set's level, from which of the subject, the département and the institution it keeps.
create function stats.level_of(subject_summed integer, departement_summed integer, institution_summed integer) returns smallint
    language sql immutable as $$ select ((1 - subject_summed) + 2 * (1 - departement_summed) + 4 * (1 - institution_summed))::smallint $$;

-- The cubes from the facts in one pass each (grouping sets, one per level): after a rebuild. A contribution counts either in
-- everything or under an institution (per_institution); the having clause keeps the first at the levels without the
-- institution and the second at the levels with it.
create function stats.sum_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.activity_cube, stats.take_delay_cube, stats.request_institution in access exclusive mode;
    truncate stats.activity_cube, stats.take_delay_cube, stats.request_institution;
    insert into stats.request_institution
    select distinct n.solicitation_id, i.institution_id from stats.need_institution i join stats.need_fact n on n.need_id = i.need_id;

    insert into stats.activity_cube
    select stats.level_of(grouping(subject_slug), grouping(departement), grouping(institution_id)), subject_slug, departement, institution_id, month,
           sum(requests), sum(size_0), sum(size_1_9), sum(size_10_49), sum(size_50_249), sum(size_250_plus), sum(naf_a), sum(naf_b), sum(naf_c), sum(naf_d), sum(naf_e), sum(naf_f), sum(naf_g), sum(naf_h), sum(naf_i), sum(naf_j), sum(naf_k), sum(naf_l), sum(naf_m), sum(naf_n), sum(naf_o), sum(naf_p), sum(naf_q), sum(naf_r), sum(naf_s), sum(naf_t), sum(naf_u), sum(needs_routed), sum(needs_taken), sum(needs_done), sum(answers), sum(contacted), sum(useful)
    from (
        select d.*, null::uuid as institution_id, false as per_institution from stats.request_fact r, stats.request_delta(r, 1) d
        union all
        select d.*, ri.institution_id, true from stats.request_fact r join stats.request_institution ri using (solicitation_id), stats.request_delta(r, 1) d
        union all
        select d.*, null, false from stats.need_fact n
            left join stats.need_progress p using (need_id) left join stats.satisfaction_answer s using (need_id), stats.need_delta(n, p, s, 1) d
        union all
        select d.*, i.institution_id, true from stats.need_fact n join stats.need_institution i using (need_id)
            left join stats.need_progress p using (need_id) left join stats.satisfaction_answer s using (need_id), stats.need_delta(n, p, s, 1) d
    ) contributions
    group by grouping sets (
        (per_institution, month), (per_institution, month, subject_slug), (per_institution, month, departement),
        (per_institution, month, subject_slug, departement),
        (per_institution, institution_id, month), (per_institution, institution_id, month, subject_slug),
        (per_institution, institution_id, month, subject_slug, departement))
    having per_institution = (grouping(institution_id) = 0);

    insert into stats.take_delay_cube
    select stats.level_of(grouping(subject_slug), grouping(departement), grouping(institution_id)), subject_slug, departement, institution_id, month,
           bucket, count(*)
    from (
        select n.subject_slug, n.departement, i.institution_id, i.per_institution, stats.paris_month(n.routed_at) as month,
               stats.delay_bucket(greatest(p.first_taken_in_charge_at - n.routed_at, interval '0')) as bucket
        from stats.need_fact n join stats.need_progress p using (need_id)
        cross join lateral (
            select null::uuid as institution_id, false as per_institution
            union all
            select institution_id, true from stats.need_institution where need_id = n.need_id) i
        where p.first_taken_in_charge_at is not null
    ) delays
    group by grouping sets (
        (per_institution, month, bucket), (per_institution, subject_slug, month, bucket), (per_institution, departement, month, bucket),
        (per_institution, subject_slug, departement, month, bucket),
        (per_institution, institution_id, month, bucket), (per_institution, subject_slug, departement, institution_id, month, bucket))
    having per_institution = (grouping(institution_id) = 0);
end $$;

create function stats.sum_team_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.match_cube, stats.need_status_cube in access exclusive mode;
    truncate stats.match_cube, stats.need_status_cube;
    insert into stats.match_cube
    select stats.level_of(grouping(subject_slug), grouping(departement), grouping(institution_id)), subject_slug, departement, institution_id, month,
           status, count(*)
    from (
        select n.subject_slug, n.departement, m.institution_id, stats.paris_month(n.routed_at) as month, m.status
        from stats.match_fact m join stats.need_fact n using (need_id)
    ) matches
    group by grouping sets (
        (month, status), (subject_slug, month, status), (departement, month, status), (subject_slug, departement, month, status),
        (institution_id, month, status), (subject_slug, institution_id, month, status), (departement, institution_id, month, status),
        (subject_slug, departement, institution_id, month, status));

    insert into stats.need_status_cube
    select stats.level_of(grouping(subject_slug), grouping(departement), grouping(institution_id)), subject_slug, departement, institution_id, month,
           status, count(*)
    from (
        select n.subject_slug, n.departement, i.institution_id, i.per_institution, stats.paris_month(n.routed_at) as month,
               coalesce(p.status, 'quo') as status
        from stats.need_fact n
        left join stats.need_progress p using (need_id)
        cross join lateral (
            select null::uuid as institution_id, false as per_institution
            where exists (select 1 from stats.match_fact m where m.need_id = n.need_id)
            union all
            select institution_id, true from stats.need_institution where need_id = n.need_id) i
    ) needs
    group by grouping sets (
        (per_institution, month, status), (per_institution, subject_slug, month, status), (per_institution, departement, month, status),
        (per_institution, subject_slug, departement, month, status),
        (per_institution, institution_id, month, status), (per_institution, subject_slug, departement, institution_id, month, status))
    having per_institution = (grouping(institution_id) = 0);
end $$;

select stats.sum_cubes();
select stats.sum_team_cubes();
