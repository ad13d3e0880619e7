-- The expert inbox at volume (1,000,000 needs, 3,000,000 matches, an expert holding 10,000): each view counts the agent's
-- needs per tab and subject, shows 25, and may search them all. All three now read the agent's matches from one covering
-- index, where an expert's entries lie side by side, instead of visiting 10,000 needs scattered over the table.

-- What the inbox's search reads: company name, SIRET, subject and description, lower case without accents. The same
-- folding as PdE.Shared.Db.TextSearch.Fold, which folds the searched words.
alter table matching.need add column search_text text generated always as (
    translate(lower((coalesce(company_name, '') || ' ' || siret || ' ' || replace(subject_slug, '-', ' ') || ' ' || description) collate "und-x-icu"),
              'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

-- Kept on each match from its need: the subject, and the first 500 characters of the search text (an index entry has to
-- stay small; a word not found there is looked for in the need's whole text only when the text is longer).
alter table matching.match add column subject_slug text, add column search_head text;
update matching.match m set subject_slug = n.subject_slug, search_head = left(n.search_text, 500)
from matching.need n where n.id = m.need_id;
alter table matching.match alter column subject_slug set not null, alter column search_head set not null;

create function matching.match_takes_need_facts() returns trigger language plpgsql as $$
begin
    select n.subject_slug, left(n.search_text, 500) into new.subject_slug, new.search_head from matching.need n where n.id = new.need_id;
    return new;
end
$$;

create trigger match_takes_need_facts before insert or update of need_id on matching.match
    for each row execute function matching.match_takes_need_facts();

-- Routing never changes a need's subject or text once its matches exist; should anything ever do so, its matches follow.
create function matching.need_facts_to_matches() returns trigger language plpgsql as $$
begin
    update matching.match set subject_slug = new.subject_slug, search_head = left(new.search_text, 500) where need_id = new.id;
    return null;
end
$$;

create trigger need_facts_to_matches after update of subject_slug, company_name, siret, description on matching.need
    for each row when (old.search_text is distinct from new.search_text) execute function matching.need_facts_to_matches();

-- The agent's sent matches with everything the inbox counts, filters, sorts and searches on: a tab is a status (and an
-- age), so a tab's page is one range of this index.
create index match_expert_inbox_idx on matching.match (expert_id, status, sent_at)
    include (id, need_id, status_changed_at, subject_slug, search_head) where sent_at is not null;
