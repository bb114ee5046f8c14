package org.safeguarding.hub.system;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Named token buckets (Bucket4j) that every hub instance shares: on PostgreSQL they live in the {@code bucket} table
 * (V9), so a limit holds however many instances run; on H2, which only ever backs a single hub, they live in memory.
 * This is the one place that makes that choice. A bucket is made on first use with the configuration given, and
 * runs on the hub's clock, so tests move time rather than wait.
 */
@Component
public class RateLimits {

    /** Rows (or in-memory buckets) are dropped once full again; this often the hub looks for them. */
    private static final int CLEAN_UP_EVERY = 1_000;
    private static final int LOCAL_BUCKETS_BEFORE_CLEAN_UP = 10_000;

    private final TimeMeter time;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> shared;
    private final Map<String, LocalBucket> local = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();

    RateLimits(DataSource dataSource, Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.shared = Databases.isPostgresql(dataSource)
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                        .clientClock(time)
                        .build()
                : null;
    }

    /** The bucket of this name, made with {@code configuration} when it does not exist yet. */
    public Bucket bucket(String name, Supplier<BucketConfiguration> configuration) {
        boolean cleanUp = uses.incrementAndGet() % CLEAN_UP_EVERY == 0;
        if (shared != null) {
            if (cleanUp) {
                shared.removeExpired(CLEAN_UP_EVERY);
            }
            return shared.builder().build(name, configuration);
        }
        if (cleanUp && local.size() > LOCAL_BUCKETS_BEFORE_CLEAN_UP) {
            local.values().removeIf(RateLimits::isFull);
        }
        return local.computeIfAbsent(name, n -> {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
            Arrays.stream(configuration.get().getBandwidths()).forEach(builder::addLimit);
            return builder.build();
        });
    }

    /** A full bucket remembers nothing a new one would not: it can go. */
    private static boolean isFull(LocalBucket bucket) {
        long available = bucket.getAvailableTokens();
        return Arrays.stream(bucket.getConfiguration().getBandwidths()).allMatch(b -> available >= b.getCapacity());
    }
}
