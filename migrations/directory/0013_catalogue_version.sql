-- The public catalogue (themes, subjects, their questions) is read by every page of the public site and by every request
-- received, form or partner API, and changes a few times a year. Each host keeps it in memory and reloads it when this stamp
-- differs from the one it loaded (one tiny read instead of two queries and their mapping). A random stamp, as for the
-- match filters (0009): a table emptied and refilled can never look unchanged.
create table directory.catalogue_version (
    id      boolean primary key default true check (id),
    version uuid not null
);

insert into directory.catalogue_version (version) values (gen_random_uuid());

create function directory.bump_catalogue_version() returns trigger language plpgsql as $$
begin
    insert into directory.catalogue_version (version) values (gen_random_uuid())
    on conflict (id) do update set version = excluded.version;
    return null;
end
$$;

create trigger theme_changed_catalogue after insert or update or delete or truncate on directory.theme
    for each statement execute function directory.bump_catalogue_version();
create trigger subject_changed_catalogue after insert or update or delete or truncate on directory.subject
    for each statement execute function directory.bump_catalogue_version();
create trigger subject_question_changed_catalogue after insert or update or delete or truncate on directory.subject_question
    for each statement execute function directory.bump_catalogue_version();
