-- What the public site shows for each subject, on top of its label and description (0001):
--   guidance: helps the person write step 3 of the request form ("what a good description says");
--   prompt:   pre-fills the description box; the form refuses it unchanged;
--   asks_commune / asks_amount: the subject is for people who may have no company yet (a project): step 2 asks for
--   the commune (and the amount sought) instead of an establishment.
alter table directory.subject
    add column guidance     text,
    add column prompt       text,
    add column asks_commune boolean not null default false,
    add column asks_amount  boolean not null default false;

-- Yes/no questions asked at step 3 for a subject (e.g. "Avez-vous déjà un financement bancaire ?").
-- The answers are copied with their label into the request, so rewording a question never changes past answers.
create table directory.subject_question (
    id         uuid primary key,
    subject_id uuid not null references directory.subject (id),
    slug       text not null,
    label      text not null,
    position   integer not null default 0,
    unique (subject_id, slug)
);
