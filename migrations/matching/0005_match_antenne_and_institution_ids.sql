-- Directory ids of the expert's antenne and institution, kept beside their names when the match is made:
-- MatchStatusChanged carries them so Stats can count experts' answers per antenne and institution whatever their names
-- become. Matches made before this migration have none.
alter table matching.match
    add column antenne_id     uuid,
    add column institution_id uuid;
