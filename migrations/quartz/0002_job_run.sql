-- The runs of the scheduled jobs, for the admins' page /admin/taches: when each ran, on which host, how it ended and what
-- it did (the job's own summary, e.g. « 3 e-mails écrits »). The last 100 runs of each job are kept.
create table quartz.job_run (
    id          bigint generated always as identity primary key,
    job         text not null,
    host        text not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    succeeded   boolean not null,
    summary     text,
    error       text
);

create index job_run_job_idx on quartz.job_run (job, id desc);
