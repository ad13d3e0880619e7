-- Projections fed by events: the statistics page never queries another module's tables.
create table stats.monthly_counter (
    metric text not null,
    month  date not null,
    value  bigint not null default 0,
    primary key (metric, month)
);
