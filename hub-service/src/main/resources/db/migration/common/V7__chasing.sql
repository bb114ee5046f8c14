-- Chasing schools that have not acknowledged. Reminders and local-authority digests are deliveries like the alert
-- itself, told apart by purpose. Needs PostgreSQL 15+ (unique nulls not distinct); H2 2.2+ has it too.

alter table delivery add column purpose varchar(20) default 'ALERT' not null;
alter table delivery add constraint delivery_purpose
    check (purpose in ('ALERT', 'FIRST_REMINDER', 'SECOND_REMINDER', 'LA_ESCALATION'));
-- A local-authority digest goes to one LA safeguarding address about several schools: it has an addressee and no
-- school; every other delivery has a school and no addressee.
alter table delivery add column addressee varchar(320);
alter table delivery alter column urn drop not null;
alter table delivery add constraint delivery_school_or_addressee check ((urn is null) = (addressee is not null));
-- One alert, one reminder per school per step, one digest per LA address: the database refuses a second, whichever
-- hub instance writes it (null = null here, so a digest's missing school and a school's missing addressee compare).
alter table delivery drop constraint delivery_once;
alter table delivery add constraint delivery_once unique nulls not distinct (alert_id, urn, channel, purpose, addressee);
create index delivery_purpose_status on delivery (purpose, status);
-- When the chase put a reminder or digest on its channel queue, after committing it; null until then, so one that a
-- crash or a broker outage kept off the queue is queued next time. (The fan-out queues the alert's own deliveries
-- from its transacted consumer, which the broker redelivers after a crash.)
alter table delivery add column queued_at timestamp with time zone;

-- The schools an LA digest lists, as they were when it was written: what the digest says never changes on a retry.
create table digest_school (
    delivery_id  bigint not null references delivery (id),
    alert_id     bigint not null references alert (id),
    urn          bigint not null references establishment (urn),
    primary key (delivery_id, urn)
);
create index digest_school_alert on digest_school (alert_id, urn);

-- Each step of each alert's chase, taken once (the primary key), with how many schools it reached: the ladder's
-- progress, and what the next step is timed from.
create table chase_step (
    alert_id  bigint not null references alert (id),
    step      varchar(20) not null check (step in ('FIRST_REMINDER', 'SECOND_REMINDER', 'LA_ESCALATION')),
    taken_at  timestamp with time zone not null,
    schools   integer not null,
    primary key (alert_id, step)
);
