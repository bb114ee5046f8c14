package org.safeguarding.hub.system;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Token buckets shared by every hub instance: on PostgreSQL each bucket is a row of {@code rate_limit_bucket}, taken
 * with SELECT ... FOR UPDATE (Bucket4j's PostgreSQL backend), so two replicas together keep one limit; on H2, which
 * only one instance uses, they are in memory.
 */
@Component
public class RateLimits {

    /** Bucket keys, one per limit, fixed: they are row ids in the database. */
    public static final long SMS_TO_NOTIFY = 1;

    private final ProxyManager<Long> shared;
    private final Map<Long, Bucket> local = new ConcurrentHashMap<>();

    RateLimits(DataSource dataSource) throws SQLException {
        this.shared = isPostgres(dataSource)
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).table("rate_limit_bucket").build()
                : null;
    }

    /** The bucket {@code key}, made with {@code configuration} the first time any instance uses it. */
    public Bucket bucket(long key, BucketConfiguration configuration) {
        if (shared != null) {
            return shared.builder().build(key, () -> configuration);
        }
        return local.computeIfAbsent(key, k -> {
            var builder = Bucket.builder();
            for (Bandwidth limit : configuration.getBandwidths()) {
                builder.addLimit(limit);
            }
            return builder.build();
        });
    }

    private static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        }
    }
}
