-- Bucket4j's token buckets, shared by every hub instance (system/RateLimits): sign-in throttling, SMS cap.
-- expires_at (epoch millis) is when a bucket would be full again; rows past it are deleted as the hub goes.
create table bucket (
    id         varchar(255) primary key,
    state      bytea,
    expires_at bigint
);
create index bucket_expires_at on bucket (expires_at);
