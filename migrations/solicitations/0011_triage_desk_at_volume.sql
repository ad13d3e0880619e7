-- The triage desk at volume (1,000,000 sent requests): each view counts the requests of every tab under the filter, shows
-- 25 of one tab, and may search them all. Before this, a search folded five columns of every row (no index could serve
-- it: 7 s at 1M rows), the tab counts scanned the whole table, and a date filter compared a computed date.

-- What the desk's search reads: name, e-mail, company, SIRET and description, lower case without accents: the same folding
-- as PdE.Shared.Db.TextSearch.Fold, which folds the searched words. pg_trgm is a trusted extension: the database's owner
-- may create it (PostgreSQL 13 and later); it ships with PostgreSQL (Debian's postgresql package includes it).
create extension if not exists pg_trgm with schema public;

alter table solicitations.solicitation add column search_text text generated always as (
    translate(lower((full_name || ' ' || email || ' ' || coalesce(company_name, '') || ' ' || coalesce(siret, '') || ' ' || coalesce(description, ''))
                    collate "und-x-icu"),
              'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

-- A word of three letters or more is found from the trigram index; every word is then checked on the row.
create index solicitation_search_idx on solicitations.solicitation using gin (search_text public.gin_trgm_ops) where status <> 'draft';

-- A tab's page in its order (an index range), the subject and period filters, and their counts from index-only scans.
drop index solicitations.solicitation_status_submitted_idx;
create index solicitation_status_submitted_idx on solicitations.solicitation (status, submitted_at) include (id) where status <> 'draft';
create index solicitation_subject_idx on solicitations.solicitation (subject_slug, status, submitted_at) where status <> 'draft';
create index solicitation_submitted_idx on solicitations.solicitation (submitted_at) include (status) where status <> 'draft';
create index solicitation_departement_idx on solicitations.solicitation (
    (case when commune_code like '97%' then left(commune_code, 3) else left(commune_code, 2) end), status, submitted_at) where status <> 'draft';

-- The tab counts of an unfiltered view (the desk's home), kept by the statements that change them rather than counted over
-- the whole table on every view. One row per status and shard: a connection adds to its own shard (its backend's number
-- modulo 8), so that concurrent submissions do not queue on one row until they commit; a tab's count is the sum of its
-- shards. Drafts are not counted (the desk never shows them), so the form's steps never touch this table.
create table solicitations.status_count (
    status text     not null,
    shard  smallint not null,
    count  bigint   not null,
    primary key (status, shard)
);

insert into solicitations.status_count (status, shard, count)
select status, 0, count(*) from solicitations.solicitation where status <> 'draft' group by status;

-- A statement's net change per status: +1 for each row it brings to a status, -1 for each it takes from one. A statement
-- that changes no status (tags, registry facts) writes nothing. Each branch names only the transition tables its event has.
create function solicitations.add_to_status_counts(changes jsonb) returns void language sql as $$
    insert into solicitations.status_count as c (status, shard, count)
    select key, pg_backend_pid() % 8, value::bigint from jsonb_each_text(changes) where value::bigint <> 0 order by key
    on conflict (status, shard) do update set count = c.count + excluded.count;
$$;

create function solicitations.count_statuses() returns trigger language plpgsql as $$
declare
    changes jsonb;
begin
    if tg_op = 'INSERT' then
        select jsonb_object_agg(status, n) into changes
        from (select status, count(*) as n from new_rows where status <> 'draft' group by status) t;
    elsif tg_op = 'UPDATE' then
        select jsonb_object_agg(status, n) into changes
        from (select status, sum(delta) as n
              from (select status, 1 as delta from new_rows union all select status, -1 from old_rows) d
              where status <> 'draft' group by status) t;
    else
        select jsonb_object_agg(status, -n) into changes
        from (select status, count(*) as n from old_rows where status <> 'draft' group by status) t;
    end if;

    if changes is not null then
        perform solicitations.add_to_status_counts(changes);
    end if;

    return null;
end
$$;

create trigger solicitation_counts_inserted after insert on solicitations.solicitation
    referencing new table as new_rows for each statement execute function solicitations.count_statuses();
create trigger solicitation_counts_updated after update on solicitations.solicitation
    referencing old table as old_rows new table as new_rows for each statement execute function solicitations.count_statuses();
create trigger solicitation_counts_deleted after delete on solicitations.solicitation
    referencing old table as old_rows for each statement execute function solicitations.count_statuses();
