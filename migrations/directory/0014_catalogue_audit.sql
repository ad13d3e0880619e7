-- The catalogue's changes (themes, subjects and their questions, /admin/catalogue) are recorded in the audit log like the
-- directory's.
alter table directory.audit_entry drop constraint audit_entry_entity_type_check;
alter table directory.audit_entry add constraint audit_entry_entity_type_check
    check (entity_type in ('institution', 'antenne', 'expert', 'user', 'theme', 'subject'));
