-- Bumped whenever every signed-in session of the account must end (disabled, password changed). A session remembers
-- the value it signed in with; each page request compares it here, so the end reaches every hub instance at once.
alter table account add column sessions_version integer not null default 0;
