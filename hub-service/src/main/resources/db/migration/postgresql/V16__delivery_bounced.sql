-- A delivery may end BOUNCED: the relay took it, the school's server gave it back later.
alter table delivery drop constraint delivery_status_check;
alter table delivery add constraint delivery_status_check
    check (status in ('QUEUED', 'SENT', 'RETRYING', 'FAILED', 'UNREACHABLE', 'DELIVERED', 'BOUNCED'));
