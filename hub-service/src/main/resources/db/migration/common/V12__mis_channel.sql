-- The school MIS channel. One webhook endpoint per school. The secret (a Standard Webhooks whsec_ key) must sign
-- every webhook and check every callback, so it is kept as given, not hashed; it is never shown again after the
-- import that generated it.
create table mis_endpoint (
    urn              bigint primary key references establishment (urn),
    url              varchar(2000) not null,
    secret           varchar(200) not null,
    enabled          boolean not null default true,
    -- why and when the hub stopped sending to it (the receiver answered 410 Gone); a new import enables it again
    disabled_reason  varchar(300),
    disabled_at      timestamp with time zone,
    updated_at       timestamp with time zone not null
);

-- How a school acknowledged: the link's form (LINK) or its MIS's signed callback (MIS).
alter table acknowledgement add column via varchar(10) default 'LINK' not null;
alter table acknowledgement add constraint acknowledgement_via check (via in ('LINK', 'MIS'));

-- webhook-ids of signed MIS callbacks already taken: a replay within the signature's five minutes records nothing.
create table mis_callback (
    urn          bigint not null references establishment (urn),
    webhook_id   varchar(200) not null,
    received_at  timestamp with time zone not null,
    primary key (urn, webhook_id)
);
create index mis_callback_received on mis_callback (received_at);
