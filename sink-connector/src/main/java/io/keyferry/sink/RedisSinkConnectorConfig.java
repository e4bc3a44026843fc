package io.keyferry.sink;

import io.keyferry.common.config.RedisConnectionConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import io.keyferry.sink.write.RetryPolicy;

/** Configuration of the sink connector: the target's connection and how transient write errors are retried. */
public class RedisSinkConnectorConfig extends RedisConnectionConfig {
    public static final String RETRY_GROUP = "Retries";
    public static final String RETRY_MAX_ATTEMPTS = "redis.retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "How many times a batch's writes are tried when the "
            + "target answers with a transient error (connection lost, timeout, LOADING, BUSY, TRYAGAIN, "
            + "CLUSTERDOWN, MASTERDOWN, OOM) before the task fails. Writes are idempotent, so retrying is safe.";
    public static final String RETRY_BACKOFF_MS = "redis.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry, in milliseconds; it doubles "
            + "with each further retry up to redis.retry.backoff.max.ms.";
    public static final String RETRY_BACKOFF_MAX_MS = "redis.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two retries, in milliseconds.";

    /** Connect's own key: whether a record that cannot be written is reported and skipped (all) or fails the task (none). */
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    public static final ConfigDef CONFIG_DEF = definition();

    public RedisSinkConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    private static ConfigDef definition() {
        ConfigDef definition = RedisConnectionConfig.define(new ConfigDef());
        int order = 0;
        return definition
                .define(RETRY_MAX_ATTEMPTS, Type.INT, 10, ConfigDef.Range.atLeast(1), Importance.LOW,
                        RETRY_MAX_ATTEMPTS_DOC, RETRY_GROUP, ++order, Width.SHORT, "Write attempts")
                .define(RETRY_BACKOFF_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, RETRY_GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MAX_MS_DOC, RETRY_GROUP, ++order, Width.SHORT, "Max retry backoff (ms)");
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(RETRY_MAX_ATTEMPTS), Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS)));
    }

    /** Whether Connect's errors.tolerance (which Connect validates) lets bad records be skipped. */
    public boolean toleratesBadRecords() {
        Object tolerance = originals().get(ERRORS_TOLERANCE);
        return tolerance != null && "all".equalsIgnoreCase(tolerance.toString().trim());
    }
}
