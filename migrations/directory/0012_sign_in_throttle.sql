-- Failed sign-ins slow down whoever makes them, per address typed and client IP, instead of locking the account: a
-- stranger can no longer lock an agent out, and the agent signs in from her own connection while someone else's attempts
-- wait. Addresses without an account are counted alike, so that the answers reveal nothing. Rows older than a day go.
create table directory.sign_in_throttle (
    email           text not null,
    client_ip       text not null,
    failures        int not null,
    last_failure_at timestamptz not null,
    blocked_until   timestamptz,
    primary key (email, client_ip)
);

create index sign_in_throttle_last_failure_idx on directory.sign_in_throttle (last_failure_at);

-- The account-wide lock is gone (anyone could trigger it): nobody stays locked by it.
update directory.user_account set failed_attempts = 0, locked_until = null where locked_until is not null or failed_attempts <> 0;
