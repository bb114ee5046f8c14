-- "Is any of this alert's deliveries still open?", asked under the alert's row lock after every batch
-- (SendingProgress): with statistics taken while the table was empty, PostgreSQL answered it by walking all the
-- alert's deliveries, and the consumers queued on the lock (FanoutBenchmark on PostgreSQL: 466 emails/s).
-- The open ones are few once a fan-out is under way: this index holds only them.
create index delivery_open on delivery (alert_id) where purpose = 'ALERT' and status in ('QUEUED', 'RETRYING');
