-- A sign-in cookie carries the account's security stamp of the moment it was issued; every request compares it with this
-- column (by primary key, in the same round trip as the roles). Signing out, choosing a password (reset or invitation), a
-- change of rights and deletion put a new stamp here, so every cookie issued before (a copied one too) stops working.
-- Existing accounts get a stamp of their own; cookies issued before this migration carry none and are refused once.
alter table directory.user_account add column security_stamp uuid not null default gen_random_uuid();
