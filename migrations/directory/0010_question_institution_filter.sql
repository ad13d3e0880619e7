-- A subject's yes/no question may restrict which institutions take its needs, as the original's catalogue allowed
-- (e.g. « Avez-vous déjà un financement bancaire ? »: an institution that only co-finances with a bank wants « Oui »).
-- An institution listed here for a question is left out when the requester answered the other way; an unanswered
-- question restricts nobody. Routing explains each such exclusion to the team.
create table directory.question_institution_filter (
    question_id     uuid not null references directory.subject_question (id),
    institution_id  uuid not null references directory.institution (id),
    required_answer boolean not null,
    primary key (question_id, institution_id)
);
