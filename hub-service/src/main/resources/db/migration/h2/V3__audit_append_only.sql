-- H2 counterpart of the PostgreSQL trigger: the database refuses UPDATE and DELETE on the audit trail.
create trigger audit_event_no_update before update on audit_event for each row
    call "org.safeguarding.hub.audit.H2AppendOnlyTrigger";
create trigger audit_event_no_delete before delete on audit_event for each row
    call "org.safeguarding.hub.audit.H2AppendOnlyTrigger";
