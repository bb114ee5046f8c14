-- A school's acknowledgement of an alert: once per school per alert, whoever of its contacts confirms first.
create table acknowledgement (
    alert_id         bigint not null references alert (id),
    urn              bigint not null references establishment (urn),
    acknowledged_by  varchar(200) not null,
    role             varchar(100) not null,
    actions          varchar(2000) not null,
    acknowledged_at  timestamp with time zone not null,
    client_address   varchar(64),
    primary key (alert_id, urn)
);
