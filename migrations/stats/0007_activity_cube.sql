-- Stats' figures at volume (issue 14): /stats reads these cubes rather than the facts, so that a view sums one row per month,
-- subject, département and institution instead of one per request or need. stats.activity_cube holds, per Paris month, subject and département, the requests
-- received (with their size classes and NAF sections), the needs sent, taken in charge, closed with help and the survey's
-- answers; a row with institution_id null counts everything, a row per institution what went to its experts (a request
-- once per institution its needs went to, kept in stats.request_institution). stats.take_delay_cube holds, per the same
-- keys, how many needs were first taken in charge after a delay in each bucket (a geometric scale of minutes, 5 % wide), for
-- the median. Triggers on the facts keep both equal to the facts' sums in the transaction that changes them, whatever the
-- order or repetition of the events; the rebuild fills the facts without them (pde.stats_rebuild) and sums the cubes once.
-- Unknown sizes and sections are requests minus the known ones.
create table stats.activity_cube (
    month          date not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
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
    unique nulls not distinct (month, subject_slug, departement, institution_id)
);

-- A view reads one institution's rows (null: everything), month by month.
create index activity_cube_institution_idx on stats.activity_cube (institution_id, month);

create table stats.take_delay_cube (
    month          date not null,
    subject_slug   text,
    departement    text,
    institution_id uuid,
    bucket         smallint not null,
    needs          integer not null default 0,
    unique nulls not distinct (month, subject_slug, departement, institution_id, bucket)
);

create index take_delay_cube_institution_idx on stats.take_delay_cube (institution_id, month);

-- The triggers look a need's institutions up by need.
create index need_institution_need_idx on stats.need_institution (need_id);

create table stats.request_institution (
    solicitation_id uuid not null,
    institution_id  uuid not null,
    primary key (solicitation_id, institution_id)
);

create function stats.paris_month(at timestamptz) returns date
    language sql immutable as $$ select date_trunc('month', at at time zone 'Europe/Paris')::date $$;

-- The bucket of a delay: 0 up to a minute, then b where 1.05^b <= minutes < 1.05^(b+1) (stats.delay_of_bucket is its
-- lower end in minutes).
create function stats.delay_bucket(delay interval) returns smallint
    language sql immutable as $$
    select case when extract(epoch from delay) < 60 then 0
                else least(floor(ln(extract(epoch from delay) / 60) / ln(1.05)) + 1, 32000) end::smallint $$;

create function stats.delay_of_bucket(bucket smallint) returns double precision
    language sql immutable as $$ select case when bucket = 0 then 0 else power(1.05, bucket - 1) end $$;

-- Adds one contribution (a row of deltas, its institution ignored) to the cube under each of the institutions given
-- (null: the row that counts everything).
create function stats.add_to_activity(delta stats.activity_cube, institutions uuid[]) returns void
    language sql as $$
    insert into stats.activity_cube as c
    select (d).month, (d).subject_slug, (d).departement, i, (d).requests, (d).size_0, (d).size_1_9, (d).size_10_49, (d).size_50_249, (d).size_250_plus, (d).naf_a, (d).naf_b, (d).naf_c, (d).naf_d, (d).naf_e, (d).naf_f, (d).naf_g, (d).naf_h, (d).naf_i, (d).naf_j, (d).naf_k, (d).naf_l, (d).naf_m, (d).naf_n, (d).naf_o, (d).naf_p, (d).naf_q, (d).naf_r, (d).naf_s, (d).naf_t, (d).naf_u, (d).needs_routed, (d).needs_taken, (d).needs_done, (d).answers, (d).contacted, (d).useful
    from (select delta as d) x, unnest(institutions) i
    on conflict (month, subject_slug, departement, institution_id) do update set
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

create function stats.request_delta(r stats.request_fact, sign integer) returns stats.activity_cube
    language sql immutable as $$
    select row(stats.paris_month(r.received_at), r.subject_slug, r.departement, null::uuid, sign,
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
        0, 0, 0, 0, 0, 0)::stats.activity_cube
    $$;

create function stats.need_delta(n stats.need_fact, p stats.need_progress, s stats.satisfaction_answer, sign integer)
    returns stats.activity_cube
    language sql immutable as $$
    select row(stats.paris_month(n.routed_at), n.subject_slug, n.departement, null::uuid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        sign, sign * (p.first_taken_in_charge_at is not null)::int, sign * (p.first_done_at is not null)::int,
        sign * (s.need_id is not null)::int, sign * coalesce(s.contacted_by_expert, false)::int,
        sign * coalesce(s.contacted_by_expert and s.useful_exchange, false)::int)::stats.activity_cube
    $$;

-- A need's whole contribution (activity and delay) under the institutions given.
create function stats.add_need(n stats.need_fact, p stats.need_progress, s stats.satisfaction_answer, sign integer, institutions uuid[])
    returns void
    language plpgsql as $$
begin
    perform stats.add_to_activity(stats.need_delta(n, p, s, sign), institutions);
    if p.first_taken_in_charge_at is not null then
        insert into stats.take_delay_cube as c (month, subject_slug, departement, institution_id, bucket, needs)
        select stats.paris_month(n.routed_at), n.subject_slug, n.departement, i,
               stats.delay_bucket(greatest(p.first_taken_in_charge_at - n.routed_at, interval '0')), sign
        from unnest(institutions) i
        on conflict (month, subject_slug, departement, institution_id, bucket) do update set needs = c.needs + excluded.needs;
    end if;
end $$;

create function stats.rebuilding() returns boolean
    language sql stable as $$ select coalesce(current_setting('pde.stats_rebuild', true), '') = 'on' $$;

create function stats.institutions_of_need(need uuid) returns uuid[]
    language sql stable as $$ select array[null::uuid] || array(select institution_id from stats.need_institution where need_id = need) $$;

-- Links a request to an institution its needs went to; the first time, its contribution counts there too.
create function stats.link_request(solicitation uuid, institution uuid) returns void
    language plpgsql as $$
declare
    r stats.request_fact;
begin
    insert into stats.request_institution values (solicitation, institution) on conflict do nothing;
    if found then
        select * into r from stats.request_fact where solicitation_id = solicitation;
        if found then
            perform stats.add_to_activity(stats.request_delta(r, 1), array[institution]);
        end if;
    end if;
end $$;

create function stats.request_fact_changed() returns trigger
    language plpgsql as $$
declare
    institutions uuid[] := array[null::uuid] || array(
        select institution_id from stats.request_institution where solicitation_id = new.solicitation_id);
begin
    if stats.rebuilding() then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        perform stats.add_to_activity(stats.request_delta(old, -1), institutions);
    end if;
    perform stats.add_to_activity(stats.request_delta(new, 1), institutions);
    return null;
end $$;

create function stats.need_fact_changed() returns trigger
    language plpgsql as $$
declare
    p stats.need_progress;
    s stats.satisfaction_answer;
    institutions uuid[];
    institution uuid;
begin
    if stats.rebuilding() then
        return null;
    end if;
    institutions := stats.institutions_of_need(new.need_id);
    select * into p from stats.need_progress where need_id = new.need_id;
    select * into s from stats.satisfaction_answer where need_id = new.need_id;
    if tg_op = 'UPDATE' then
        perform stats.add_need(old, p, s, -1, institutions);
    end if;
    perform stats.add_need(new, p, s, 1, institutions);
    foreach institution in array institutions[2:] loop
        perform stats.link_request(new.solicitation_id, institution);
    end loop;
    return null;
end $$;

create function stats.need_progress_changed() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
    s stats.satisfaction_answer;
    before stats.need_progress;
    institutions uuid[];
begin
    if stats.rebuilding() then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        before := old;
        if old.first_taken_in_charge_at is not distinct from new.first_taken_in_charge_at
           and old.first_done_at is not distinct from new.first_done_at then
            return null;
        end if;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if not found then
        return null;
    end if;
    institutions := stats.institutions_of_need(new.need_id);
    select * into s from stats.satisfaction_answer where need_id = new.need_id;
    perform stats.add_need(n, before, s, -1, institutions);
    perform stats.add_need(n, new, s, 1, institutions);
    return null;
end $$;

create function stats.satisfaction_answer_changed() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
    p stats.need_progress;
    before stats.satisfaction_answer;
    institutions uuid[];
begin
    if stats.rebuilding() then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        before := old;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if not found then
        return null;
    end if;
    institutions := stats.institutions_of_need(new.need_id);
    select * into p from stats.need_progress where need_id = new.need_id;
    perform stats.add_to_activity(stats.need_delta(n, p, before, -1), institutions);
    perform stats.add_to_activity(stats.need_delta(n, p, new, 1), institutions);
    return null;
end $$;

create function stats.need_institution_added() returns trigger
    language plpgsql as $$
declare
    n stats.need_fact;
    p stats.need_progress;
    s stats.satisfaction_answer;
begin
    if stats.rebuilding() then
        return null;
    end if;
    select * into n from stats.need_fact where need_id = new.need_id;
    if not found then
        return null;
    end if;
    select * into p from stats.need_progress where need_id = new.need_id;
    select * into s from stats.satisfaction_answer where need_id = new.need_id;
    perform stats.add_need(n, p, s, 1, array[new.institution_id]);
    perform stats.link_request(n.solicitation_id, new.institution_id);
    return null;
end $$;

create trigger request_fact_cube after insert or update on stats.request_fact
    for each row execute function stats.request_fact_changed();
create trigger need_fact_cube after insert or update on stats.need_fact
    for each row execute function stats.need_fact_changed();
create trigger need_progress_cube after insert or update on stats.need_progress
    for each row execute function stats.need_progress_changed();
create trigger satisfaction_answer_cube after insert or update on stats.satisfaction_answer
    for each row execute function stats.satisfaction_answer_changed();
create trigger need_institution_cube after insert on stats.need_institution
    for each row execute function stats.need_institution_added();

-- The cubes from the facts in one pass each: after a rebuild, and now for the facts already kept.
create function stats.sum_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.activity_cube, stats.take_delay_cube, stats.request_institution in access exclusive mode;
    truncate stats.activity_cube, stats.take_delay_cube, stats.request_institution;
    insert into stats.request_institution
    select distinct n.solicitation_id, i.institution_id from stats.need_institution i join stats.need_fact n on n.need_id = i.need_id;

    insert into stats.activity_cube
    select (d).month, (d).subject_slug, (d).departement, institution_id, sum((d).requests), sum((d).size_0), sum((d).size_1_9), sum((d).size_10_49), sum((d).size_50_249), sum((d).size_250_plus), sum((d).naf_a), sum((d).naf_b), sum((d).naf_c), sum((d).naf_d), sum((d).naf_e), sum((d).naf_f), sum((d).naf_g), sum((d).naf_h), sum((d).naf_i), sum((d).naf_j), sum((d).naf_k), sum((d).naf_l), sum((d).naf_m), sum((d).naf_n), sum((d).naf_o), sum((d).naf_p), sum((d).naf_q), sum((d).naf_r), sum((d).naf_s), sum((d).naf_t), sum((d).naf_u), sum((d).needs_routed), sum((d).needs_taken), sum((d).needs_done), sum((d).answers), sum((d).contacted), sum((d).useful)
    from (
        select stats.request_delta(r, 1) as d, null::uuid as institution_id from stats.request_fact r
        union all
        select stats.request_delta(r, 1), ri.institution_id from stats.request_fact r join stats.request_institution ri using (solicitation_id)
        union all
        select stats.need_delta(n, p, s, 1), null from stats.need_fact n
            left join stats.need_progress p using (need_id) left join stats.satisfaction_answer s using (need_id)
        union all
        select stats.need_delta(n, p, s, 1), i.institution_id from stats.need_fact n join stats.need_institution i using (need_id)
            left join stats.need_progress p using (need_id) left join stats.satisfaction_answer s using (need_id)
    ) contributions
    group by 1, 2, 3, 4;

    insert into stats.take_delay_cube
    select stats.paris_month(n.routed_at), n.subject_slug, n.departement, i.institution_id,
           stats.delay_bucket(greatest(p.first_taken_in_charge_at - n.routed_at, interval '0')), count(*)
    from stats.need_fact n join stats.need_progress p using (need_id)
    left join lateral (select null::uuid as institution_id union all select institution_id from stats.need_institution where need_id = n.need_id) i on true
    where p.first_taken_in_charge_at is not null
    group by 1, 2, 3, 4, 5;
end $$;

select stats.sum_cubes();
