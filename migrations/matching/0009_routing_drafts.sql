-- The team steers routing: a request's needs (one per subject; the team may add another) are proposed as draft matches
-- (sent_at null, invisible to experts), each with the routing engine's explanation, and sent when the team says so.

-- One need per subject of a request, not one per request.
alter table matching.need drop constraint need_solicitation_id_key;
alter table matching.need add constraint need_solicitation_subject_key unique (solicitation_id, subject_slug);

-- What routing reads to propose experts for a need the team adds later: the legal form (match filters) and the
-- registers (RCS/RM rules), as intake knew them; null: unknown.
alter table matching.need
    add column legal_form_code text,
    add column in_rcs          boolean,
    add column in_rm           boolean;

-- Why the expert is on the need, in French for the team (« Couvre Nantes par son antenne … »), who added them by hand
-- (null: proposed by routing), and whether an account answers for the expert when they were put on it (false: e-mailed,
-- but cannot answer on the site; null: not known, a match made before).
alter table matching.match
    add column explanation        text,
    add column added_by           text,
    add column expert_has_account boolean;

-- The needs a team member follows (« Suivis »).
create table matching.need_follower (
    need_id     uuid not null references matching.need (id),
    user_id     uuid not null,
    followed_at timestamptz not null,
    primary key (user_id, need_id)
);
