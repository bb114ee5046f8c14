-- A message that closes an alert ("Resolved") is a CAP Update with responseType AllClear: an Update row that also
-- carries its response type. Null on every other message.
alter table alert add column response_type varchar(20);
alter table alert add constraint alert_response_type check (response_type is null or response_type = 'AllClear');
