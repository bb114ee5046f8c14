-- Four eyes by content: everyone who wrote any of an alert's (or an update's) content, by raising it or by saving a
-- change to it, and so may not approve or reject it. A save that changes nothing adds nobody.
create table alert_author (
    alert_id  bigint not null references alert (id),
    username  varchar(64) not null references account (username),
    wrote     varchar(10) not null check (wrote in ('RAISED', 'CHANGED')),
    primary key (alert_id, username)
);

-- Alerts from before: all that is known is who raised each and who last changed it.
insert into alert_author (alert_id, username, wrote) select id, raised_by, 'RAISED' from alert;
insert into alert_author (alert_id, username, wrote)
    select id, last_edited_by, 'CHANGED' from alert where last_edited_by <> raised_by;
