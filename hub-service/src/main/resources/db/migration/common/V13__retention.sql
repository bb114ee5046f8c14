-- Retention (README, Retention): when the personal data of an alert's recipients was removed, so each alert is
-- purged once; and a row per scheduled job that one hub instance at a time locks while it runs the job.
alter table alert add column personal_data_removed_at timestamp with time zone;
create index alert_expires on alert (expires);

create table scheduled_job (
    name         varchar(40) primary key,
    last_run_at  timestamp with time zone
);
insert into scheduled_job (name) values ('retention');
