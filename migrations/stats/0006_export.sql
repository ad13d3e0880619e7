-- Exports of requests, needs or matches an admin or a manager asks for from their statistics page: written in the
-- background (ProduceExportsJob), kept a week for the person who asked only, then purged with their file.
create table stats.export (
    id           uuid primary key,
    requested_by uuid not null,
    kind         text not null check (kind in ('requests', 'needs', 'matches')),
    format       text not null check (format in ('csv', 'xlsx')),
    scope        jsonb not null,
    scope_label  text not null,
    status       text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    rows_total   integer,
    rows_done    integer not null default 0,
    file_name    text,
    file_size    bigint,
    requested_at timestamptz not null,
    started_at   timestamptz,
    heartbeat_at timestamptz,
    finished_at  timestamptz,
    expires_at   timestamptz not null
);

create index export_requested_by_idx on stats.export (requested_by, requested_at desc);
create index export_queued_idx on stats.export (requested_at) where status in ('queued', 'running');

-- The file, in pieces of at most a mebibyte: every host can serve it, and a download streams it piece by piece.
create table stats.export_chunk (
    export_id uuid not null references stats.export (id) on delete cascade,
    seq       integer not null,
    bytes     bytea not null,
    primary key (export_id, seq)
);
