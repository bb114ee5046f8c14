-- "Was this message ever approved?" is asked of every message of an alert's chain, and every acknowledgement page
-- reads the chain: PostgreSQL does not index a foreign key by itself (H2 does), so it read the whole outbox.
create index alert_outbox_alert on alert_outbox (alert_id);
