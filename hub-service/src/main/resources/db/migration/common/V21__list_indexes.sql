-- The alerts list sorts and filters originals by when they were raised; the audit trail filters by date and user.
create index alert_created on alert (created_at);
create index audit_event_occurred on audit_event (occurred_at);
create index audit_event_actor on audit_event (actor);
