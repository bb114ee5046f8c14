-- The fan-out plans an alert in chunks of schools, each committed and queued before the next is planned, so the
-- first schools are told while the rest are planned. Until the last chunk is planned the alert must not become SENT
-- however quickly the planned deliveries finish: planned_at says planning is over. Alerts already going out were
-- planned whole, in one transaction.
alter table alert add column planned_at timestamp with time zone;
update alert set planned_at = updated_at where status in ('SENDING', 'SENT');
