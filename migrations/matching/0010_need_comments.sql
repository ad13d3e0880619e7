-- The need's discussion: the experts it was sent to (or their antennes' managers) and the team write there, and each
-- message is e-mailed to the other participants (NeedCommentPosted). author_role says what the author wrote as
-- ('expert': for one of the need's experts; 'manager': for an expert of an antenne they manage; 'team': an admin), and
-- author_label the words shown beside their name (their antenne, « responsable d’antenne, … », « équipe Place des Entreprises »).
create table matching.need_comment (
    id             uuid primary key,
    need_id        uuid not null references matching.need (id),
    author_user_id uuid not null,
    author_name    text not null,
    author_role    text not null check (author_role in ('expert', 'manager', 'team')),
    author_label   text not null,
    body           text not null check (length(body) between 1 and 5000),
    created_at     timestamptz not null
);

create index need_comment_need_idx on matching.need_comment (need_id, created_at);

-- The need page lists the same company's other needs: the establishments of one company share the SIRET's first 9
-- digits (the SIREN). A project without a company has a blank SIRET and no such list.
create index need_siren_idx on matching.need (left(siret, 9)) where siret <> '';
