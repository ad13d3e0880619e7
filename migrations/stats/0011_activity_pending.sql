-- The activity cube folded in batches (issue 16, the write path). Measured under the partner API's load, every request
-- received cost PostgreSQL 1.4 ms in stats.add_to_activity: four upserts of 38-column rows, one per level, the month's
-- level-0 row among them, which every request of the month rewrites. A contribution is now one row appended to
-- stats.activity_pending; stats.fold_activity sums the pending rows per cube row and adds them in one statement. The Stats
-- module folds a second after its handlers write (PdE.Stats.Features.Shared.ActivityFolder), and every reader of the
-- cube folds first: what a page shows stays exactly what the facts say.

create table stats.activity_pending (
    delta        stats.activity_delta not null,
    institutions uuid[] not null
);

create or replace function stats.add_to_activity(delta stats.activity_delta, institutions uuid[]) returns void
    language sql as $$ insert into stats.activity_pending (delta, institutions) values (delta, institutions) $$;

-- Adds the pending contributions to the cube and forgets them. One fold at a time (the advisory lock): a second one waits
-- for the first, then folds what came since.
create function stats.fold_activity() returns void
    language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('stats.fold_activity'));
    with pending as (
        delete from stats.activity_pending returning delta as d, institutions
    )
    insert into stats.activity_cube as c
    select k.level, k.subject_slug, k.departement, k.institution_id, (p.d).month, sum((p.d).requests), sum((p.d).size_0), sum((p.d).size_1_9), sum((p.d).size_10_49), sum((p.d).size_50_249), sum((p.d).size_250_plus), sum((p.d).naf_a), sum((p.d).naf_b), sum((p.d).naf_c), sum((p.d).naf_d), sum((p.d).naf_e), sum((p.d).naf_f), sum((p.d).naf_g), sum((p.d).naf_h), sum((p.d).naf_i), sum((p.d).naf_j), sum((p.d).naf_k), sum((p.d).naf_l), sum((p.d).naf_m), sum((p.d).naf_n), sum((p.d).naf_o), sum((p.d).naf_p), sum((p.d).naf_q), sum((p.d).naf_r), sum((p.d).naf_s), sum((p.d).naf_t), sum((p.d).naf_u), sum((p.d).needs_routed), sum((p.d).needs_taken), sum((p.d).needs_done), sum((p.d).answers), sum((p.d).contacted), sum((p.d).useful)
    from pending p,
         stats.level_keys('{0,1,2,3,4,5,7}', (p.d).subject_slug, (p.d).departement, array_position(p.institutions, null) is not null,
             array_remove(p.institutions, null)) k
    group by k.level, k.departement, k.subject_slug, k.institution_id, (p.d).month
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
        useful = c.useful + excluded.useful;
end $$;

-- A rebuild sums the cubes from the facts, which hold the pending contributions already: it forgets them first (the
-- lock makes a fold under way finish before, and a writer wait until after).
alter function stats.sum_cubes() rename to sum_cubes_from_facts;

create function stats.sum_cubes() returns void
    language plpgsql as $$
begin
    lock table stats.activity_pending in access exclusive mode;
    truncate stats.activity_pending;
    perform stats.sum_cubes_from_facts();
end $$;
