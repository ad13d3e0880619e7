-- Routing (FindExpertsForNeed) asks, for every need: which experts of the antennes covering this commune handle this
-- subject? Through expert -> institution_subject that meant reading every expert of some 60 antennes and every expert of
-- the subject (about 1,300 rows at 10,000 experts). With the subject (and its institution) and the expert's antenne copied
-- onto expert_subject, two indexes answer it from about 100 rows. Triggers keep the copies true whatever writes the tables.
alter table directory.expert_subject
    add column subject_id     uuid references directory.subject (id),
    add column institution_id uuid references directory.institution (id),
    add column antenne_id     uuid references directory.antenne (id);

update directory.expert_subject es
set subject_id = isub.subject_id, institution_id = isub.institution_id, antenne_id = e.antenne_id
from directory.institution_subject isub, directory.expert e
where isub.id = es.institution_subject_id and e.id = es.expert_id;

alter table directory.expert_subject
    alter column subject_id set not null,
    alter column institution_id set not null,
    alter column antenne_id set not null;

create function directory.fill_expert_subject_routing() returns trigger language plpgsql as $$
begin
    select subject_id, institution_id into new.subject_id, new.institution_id
    from directory.institution_subject where id = new.institution_subject_id;
    select antenne_id into new.antenne_id from directory.expert where id = new.expert_id;
    return new;
end
$$;

create trigger expert_subject_routing before insert or update of expert_id, institution_subject_id on directory.expert_subject
    for each row execute function directory.fill_expert_subject_routing();

-- An expert moved to another antenne takes their subjects along (statement level: a bulk move is one update).
create function directory.sync_expert_subject_antenne() returns trigger language plpgsql as $$
begin
    update directory.expert_subject es
    set antenne_id = moved.antenne_id
    from moved
    where es.expert_id = moved.id and es.antenne_id <> moved.antenne_id;
    return null;
end
$$;

create trigger expert_moved after update on directory.expert
    referencing new table as moved for each statement execute function directory.sync_expert_subject_antenne();

create function directory.sync_expert_subject_subject() returns trigger language plpgsql as $$
begin
    update directory.expert_subject set subject_id = new.subject_id, institution_id = new.institution_id
    where institution_subject_id = new.id;
    return null;
end
$$;

create trigger institution_subject_changed after update of subject_id, institution_id on directory.institution_subject
    for each row when ((old.subject_id, old.institution_id) is distinct from (new.subject_id, new.institution_id))
    execute function directory.sync_expert_subject_subject();

-- The antenne side of routing, and the subject side (own communes, zone globale); index-only with what the query reads.
create index expert_subject_by_subject_antenne_idx on directory.expert_subject (subject_id, antenne_id) include (expert_id, institution_id);
create index expert_subject_by_subject_idx on directory.expert_subject (subject_id, expert_id) include (institution_id);
