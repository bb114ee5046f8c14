-- Updates and cancels are alert rows that reference their alert (alert.references_alert, in V2): an alert's
-- follow-ups, and the chase's "is a later update in force?", are looked up by it.
create index alert_references on alert (references_alert);
