-- The audit trail stays append-only, with one exception the retention purge needs (ICO storage limitation): a row's
-- client address may be removed, and its detail replaced by a redaction notice (and a school's acknowledgement, whose
-- actor was once the name typed on the form, its actor by 'school'); nothing else of it may change.
create or replace function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE'
            and new.id = old.id and new.occurred_at = old.occurred_at
            and (new.actor = old.actor or (new.actor = 'school' and old.action = 'ALERT_ACKNOWLEDGED'))
            and new.actor_role is not distinct from old.actor_role and new.action = old.action
            and new.subject_type = old.subject_type and new.subject_id is not distinct from old.subject_id
            and new.client_address is null
            and (new.detail is not distinct from old.detail or new.detail like 'Personal data removed%') then
        return new;
    end if;
    raise exception 'audit_event is append-only: % refused', tg_op;
end;
$$;
