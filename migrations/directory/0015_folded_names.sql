-- Searching the directory by name, accents and case ignored (SearchExperts: the team adding an expert to a need by hand, the
-- agents' search box) folded every name at each search: 35,000 communes' names per word (144 ms) and 10,000 experts with
-- their antenne's and institution's names (hundreds of milliseconds). The folded names are kept here, folded as
-- PdE.Shared.Db.TextSearch.Fold folds the words searched.
alter table directory.commune add column folded_name text generated always as (
    translate(lower((name) collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

create index commune_folded_name_idx on directory.commune (folded_name);

alter table directory.expert add column folded_name text generated always as (
    translate(lower((full_name || ' ' || email) collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

alter table directory.antenne add column folded_name text generated always as (
    translate(lower((name) collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

alter table directory.institution add column folded_name text generated always as (
    translate(lower((name) collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
) stored;

-- The new columns' statistics, for the searches' plans, without waiting for autovacuum.
analyze directory.commune, directory.expert, directory.antenne, directory.institution;
