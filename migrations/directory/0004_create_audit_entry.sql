-- Who changed what in the directory, when, with the values before and after: shown on each entity's page.
create table directory.audit_entry (
    id          uuid primary key,
    occurred_at timestamptz not null default now(),
    actor_id    uuid,
    actor_name  text not null,
    entity_type text not null check (entity_type in ('institution', 'antenne', 'expert', 'user')),
    entity_id   uuid not null,
    action      text not null,
    -- json, not jsonb: the values are shown as written, in their order.
    before      json,
    after       json
);

create index audit_entry_entity_idx on directory.audit_entry (entity_type, entity_id, occurred_at desc);
