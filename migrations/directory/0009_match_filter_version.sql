-- Routing reads the match filters on every need; they change a few times a year. Hosts keep them in memory and reload
-- them when this stamp differs from the one they loaded with (read in the routing query itself: no extra round trip).
-- A random stamp, not a counter, so that a table emptied and refilled can never look unchanged.
create table directory.match_filter_version (
    id      boolean primary key default true check (id),
    version uuid not null
);

insert into directory.match_filter_version (version) values (gen_random_uuid());

create function directory.bump_match_filter_version() returns trigger language plpgsql as $$
begin
    insert into directory.match_filter_version (version) values (gen_random_uuid())
    on conflict (id) do update set version = excluded.version;
    return null;
end
$$;

create trigger match_filter_changed after insert or update or delete or truncate on directory.match_filter
    for each statement execute function directory.bump_match_filter_version();
create trigger match_filter_subject_changed after insert or update or delete or truncate on directory.match_filter_subject
    for each statement execute function directory.bump_match_filter_version();
-- Filters name their subjects by slug once loaded.
create trigger subject_slug_changed after update of slug on directory.subject
    for each statement execute function directory.bump_match_filter_version();
