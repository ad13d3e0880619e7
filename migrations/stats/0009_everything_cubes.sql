-- Measured at 1,000,000 requests, the "everything" rows of the cubes (institution_id null) were scattered among the
-- per-institution ones: a view read a few hundred milliseconds of pages. They now live in tables of their own:
-- stats.activity_total (per Paris month, subject and département) and, for the median, stats.take_delay_month (per month
-- only: the views without place or subject) beside stats.take_delay_cube's everything rows, which partial indexes by
-- département and subject serve. stats.activity_cube and stats.take_delay_cube keep the per-institution rows.
create table stats.activity_total (like stats.activity_cube including defaults);
alter table stats.activity_total drop column institution_id;
alter table stats.activity_total add unique nulls not distinct (month, subject_slug, departement);

create table stats.take_delay_month (
    month  date not null,
    bucket smallint not null,
    needs  integer not null default 0,
    primary key (month, bucket)
);

create index take_delay_cube_departement_idx on stats.take_delay_cube (departement, month) where institution_id is null;
create index take_delay_cube_subject_idx on stats.take_delay_cube (subject_slug, month) where institution_id is null;

create or replace function stats.add_to_activity(delta stats.activity_cube, institutions uuid[]) returns void
    language sql as $$
    insert into stats.activity_total as c
    select (d).month, (d).subject_slug, (d).departement, (d).requests, (d).size_0, (d).size_1_9, (d).size_10_49, (d).size_50_249, (d).size_250_plus, (d).naf_a, (d).naf_b, (d).naf_c, (d).naf_d, (d).naf_e, (d).naf_f, (d).naf_g, (d).naf_h, (d).naf_i, (d).naf_j, (d).naf_k, (d).naf_l, (d).naf_m, (d).naf_n, (d).naf_o, (d).naf_p, (d).naf_q, (d).naf_r, (d).naf_s, (d).naf_t, (d).naf_u, (d).needs_routed, (d).needs_taken, (d).needs_done, (d).answers, (d).contacted, (d).useful
    from (select delta as d) x
    where array_position(institutions, null) is not null
    on conflict (month, subject_slug, departement) do update set
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
        useful = c.useful + excluded.useful;

    insert into stats.activity_cube as c
    select (d).month, (d).subject_slug, (d).departement, i, (d).requests, (d).size_0, (d).size_1_9, (d).size_10_49, (d).size_50_249, (d).size_250_plus, (d).naf_a, (d).naf_b, (d).naf_c, (d).naf_d, (d).naf_e, (d).naf_f, (d).naf_g, (d).naf_h, (d).naf_i, (d).naf_j, (d).naf_k, (d).naf_l, (d).naf_m, (d).naf_n, (d).naf_o, (d).naf_p, (d).naf_q, (d).naf_r, (d).naf_s, (d).naf_t, (d).naf_u, (d).needs_routed, (d).needs_taken, (d).needs_done, (d).answers, (d).contacted, (d).useful
    from (select delta as d) x, unnest(institutions) i
    where i is not null
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

create or replace function stats.add_need(n stats.need_fact, p stats.need_progress, s stats.satisfaction_answer, sign integer, institutions uuid[])
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
        if array_position(institutions, null) is not null then
            insert into stats.take_delay_month as c (month, bucket, needs)
            values (stats.paris_month(n.routed_at), stats.delay_bucket(greatest(p.first_taken_in_charge_at - n.routed_at, interval '0')), sign)
            on conflict (month, bucket) do update set needs = c.needs + excluded.needs;
        end if;
    end if;
end $$;

-- The everything rows move to their own table; stats.sum_cubes fills both from now on.
create or replace function stats.sum_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.activity_cube, stats.activity_total, stats.take_delay_cube, stats.take_delay_month, stats.request_institution
        in access exclusive mode;
    truncate stats.activity_cube, stats.activity_total, stats.take_delay_cube, stats.take_delay_month, stats.request_institution;
    insert into stats.request_institution
    select distinct n.solicitation_id, i.institution_id from stats.need_institution i join stats.need_fact n on n.need_id = i.need_id;

    insert into stats.activity_total
    select (d).month, (d).subject_slug, (d).departement, sum((d).requests), sum((d).size_0), sum((d).size_1_9), sum((d).size_10_49), sum((d).size_50_249), sum((d).size_250_plus), sum((d).naf_a), sum((d).naf_b), sum((d).naf_c), sum((d).naf_d), sum((d).naf_e), sum((d).naf_f), sum((d).naf_g), sum((d).naf_h), sum((d).naf_i), sum((d).naf_j), sum((d).naf_k), sum((d).naf_l), sum((d).naf_m), sum((d).naf_n), sum((d).naf_o), sum((d).naf_p), sum((d).naf_q), sum((d).naf_r), sum((d).naf_s), sum((d).naf_t), sum((d).naf_u), sum((d).needs_routed), sum((d).needs_taken), sum((d).needs_done), sum((d).answers), sum((d).contacted), sum((d).useful)
    from (
        select stats.request_delta(r, 1) as d from stats.request_fact r
        union all
        select stats.need_delta(n, p, s, 1) from stats.need_fact n
            left join stats.need_progress p using (need_id) left join stats.satisfaction_answer s using (need_id)
    ) contributions
    group by 1, 2, 3;

    insert into stats.activity_cube
    select (d).month, (d).subject_slug, (d).departement, institution_id, sum((d).requests), sum((d).size_0), sum((d).size_1_9), sum((d).size_10_49), sum((d).size_50_249), sum((d).size_250_plus), sum((d).naf_a), sum((d).naf_b), sum((d).naf_c), sum((d).naf_d), sum((d).naf_e), sum((d).naf_f), sum((d).naf_g), sum((d).naf_h), sum((d).naf_i), sum((d).naf_j), sum((d).naf_k), sum((d).naf_l), sum((d).naf_m), sum((d).naf_n), sum((d).naf_o), sum((d).naf_p), sum((d).naf_q), sum((d).naf_r), sum((d).naf_s), sum((d).naf_t), sum((d).naf_u), sum((d).needs_routed), sum((d).needs_taken), sum((d).needs_done), sum((d).answers), sum((d).contacted), sum((d).useful)
    from (
        select stats.request_delta(r, 1) as d, ri.institution_id from stats.request_fact r join stats.request_institution ri using (solicitation_id)
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

    insert into stats.take_delay_month
    select month, bucket, sum(needs) from stats.take_delay_cube where institution_id is null group by 1, 2;
end $$;

select stats.sum_cubes();
