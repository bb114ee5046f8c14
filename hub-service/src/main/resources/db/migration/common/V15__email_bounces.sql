-- Bounces: an address the relay accepted but that bounced later (a DSN to the hub's From mailbox). One row per
-- delivery and address; a contact whose current address has bounced is flagged on the directory page.
create table email_bounce (
    delivery_id  bigint not null references delivery (id),
    address      varchar(320) not null,
    reason       varchar(1000) not null,
    received_at  timestamp with time zone not null,
    primary key (delivery_id, address)
);
create index email_bounce_address on email_bounce (address);
