-- Bucket4j's token buckets shared by every hub instance (e.g. the SMS cap), one row per bucket, locked with
-- SELECT ... FOR UPDATE while a token is taken. On H2 (one instance) the buckets are in memory.
create table rate_limit_bucket (
    id          bigint primary key,
    state       bytea,
    expires_at  bigint
);
