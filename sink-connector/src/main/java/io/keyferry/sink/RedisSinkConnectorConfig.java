package io.keyferry.sink;

import io.keyferry.common.config.RedisConnectionConfig;
import io.keyferry.common.rate.RateLimit;
import io.keyferry.sink.record.DatabaseMap;
import io.keyferry.sink.record.KeyRewriter;
import io.keyferry.sink.write.RetryPolicy;
import io.keyferry.sink.write.WriteMode;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the sink connector: the target's connection, how keys are written, retries and replicas. */
public class RedisSinkConnectorConfig extends RedisConnectionConfig {
    public static final String WRITE_GROUP = "Writes";
    public static final String WRITE_MODE = "redis.write.mode";
    private static final String WRITE_MODE_DOC = "restore: RESTORE ... REPLACE ABSTTL of the DUMP payload, the "
            + "fastest; the target must read the payload's RDB version (same or newer server). typed: DEL, the "
            + "type's own writes (SET, HSET, RPUSH, SADD, ZADD, XADD, XSETID, XGROUP CREATE) and PEXPIREAT, in "
            + "one MULTI/EXEC per key; works on any target. auto: RESTORE, and typed writes for records the "
            + "target cannot RESTORE (a payload of a newer RDB version, a value encoding it does not know, a "
            + "target without RESTORE), logged once and counted in the fallbacks metric; after the first "
            + "version rejection, payloads of that RDB version or newer skip RESTORE. Records of the struct "
            + "format are written typed in auto and typed modes, and rejected in restore mode.";
    public static final String DRY_RUN = "redis.dry.run";
    private static final String DRY_RUN_DOC = "Write nothing: count what would be written instead (keys and payload "
            + "bytes by type, deletions), as the dry-run-* metrics and a log line every 30 s and at stop, to size a "
            + "migration first. The target is neither reached nor validated. Offsets are committed as usual: give "
            + "the real migration a topic and connector names of its own.";
    public static final String DATABASE_MAP = "redis.database.map";
    private static final String DATABASE_MAP_DOC = "Which database of a standalone target each record is written into. "
            + "Empty: the database of redis.uri, for every record. *: the record's own database (db in its headers), "
            + "for a source reading several databases. 0:3,1:4: database 0 into 3, 1 into 4, any other into its own. "
            + "A Redis Cluster target has database 0 only: leave it empty there (validation refuses any other value).";
    public static final String KEY_PREFIX_STRIP = "redis.key.prefix.strip";
    private static final String KEY_PREFIX_STRIP_DOC = "Prefix removed from each key before it is written, when "
            + "the key starts with it; keys that do not start with it are written unchanged. Applied before "
            + "redis.key.prefix.add. Empty strips nothing.";
    public static final String KEY_PREFIX_ADD = "redis.key.prefix.add";
    private static final String KEY_PREFIX_ADD_DOC = "Prefix put in front of each key before it is written (after "
            + "redis.key.prefix.strip). Empty adds nothing.";

    public static final String REPLICAS_GROUP = "Replicas";
    public static final String WAIT_REPLICAS = "redis.wait.replicas";
    private static final String WAIT_REPLICAS_DOC = "After each batch, WAIT until this many replicas of the target "
            + "acknowledged its writes before Connect may commit the batch's offsets. Fewer acknowledgements "
            + "within redis.wait.timeout.ms are retried like transient errors (redis.retry.*), then fail the "
            + "task. 0 does not wait.";
    public static final String WAIT_TIMEOUT_MS = "redis.wait.timeout.ms";
    private static final String WAIT_TIMEOUT_MS_DOC = "How long one WAIT may block, in milliseconds; must be less "
            + "than redis.timeout.ms.";

    public static final String RETRY_MAX_ATTEMPTS = "redis.retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "How many times a batch's writes are tried when the "
            + "target answers with a transient error (connection lost, timeout, LOADING, BUSY, TRYAGAIN, "
            + "CLUSTERDOWN, MASTERDOWN, OOM) before the batch is handed back to Connect, which delivers it again "
            + "after redis.retry.backoff.max.ms; the task keeps trying and never fails for a transient error. "
            + "Writes are idempotent, so retrying is safe.";

    public static final String THROTTLE_GROUP = "Throttle";
    public static final String THROTTLE_WRITES = "redis.throttle.writes.per.second";
    private static final String THROTTLE_WRITES_DOC = "Most keys the sink writes per second, so that a migration can "
            + "run beside the target's own traffic; 0 for no limit. Shared evenly among the connector's tasks "
            + "(tasks.max). A batch waits before it is written; one that would wait over 2 s is handed back to Connect "
            + "and delivered again then, so no consumer waits past its poll interval. The throttled-ms metric counts "
            + "the time held back.";
    public static final String BIG_KEYS_GROUP = "Big keys";
    public static final String STAGING_TTL_MS = "redis.big.keys.staging.ttl.ms";
    private static final String STAGING_TTL_MS_DOC = "A key too big for one record arrives in parts, which the sink "
            + "assembles in a staging key (keyferry:staging:{tag}<key>, in the key's hash slot) before it renames "
            + "it onto the key. Each part renews the staging key's expiry to this many milliseconds, so the parts "
            + "of a copy that never completes clean themselves up. A small marker key (keyferry:chunks:{tag}<key>) "
            + "says how far a copy got; it stays this long after the copy completes, so that parts written again "
            + "after a crash are recognised. Must exceed the longest time the sink may stop in the middle of a big "
            + "key.";

    /**
     * Connect's own key: whether a record that cannot be written is reported and skipped (all) or fails the task
     * (none).
     */
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    public static final ConfigDef CONFIG_DEF = definition();

    public RedisSinkConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    private static ConfigDef definition() {
        ConfigDef definition = RedisConnectionConfig.define(new ConfigDef());
        int order = 0;
        definition
                .define(WRITE_MODE, Type.STRING, WriteMode.AUTO.code(), WriteMode.validator(), Importance.HIGH,
                        WRITE_MODE_DOC, WRITE_GROUP, ++order, Width.SHORT, "Write mode")
                .define(DRY_RUN, Type.BOOLEAN, false, Importance.MEDIUM, DRY_RUN_DOC, WRITE_GROUP, ++order,
                        Width.SHORT, "Dry run")
                .define(DATABASE_MAP, Type.STRING, "", databaseMapValidator(), Importance.MEDIUM, DATABASE_MAP_DOC,
                        WRITE_GROUP, ++order, Width.MEDIUM, "Database map")
                .define(KEY_PREFIX_STRIP, Type.STRING, "", Importance.LOW, KEY_PREFIX_STRIP_DOC, WRITE_GROUP, ++order,
                        Width.MEDIUM, "Strip key prefix")
                .define(KEY_PREFIX_ADD, Type.STRING, "", Importance.LOW, KEY_PREFIX_ADD_DOC, WRITE_GROUP, ++order,
                        Width.MEDIUM, "Add key prefix");
        definition.define(STAGING_TTL_MS, Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
                STAGING_TTL_MS_DOC, BIG_KEYS_GROUP, 1, Width.SHORT, "Staging expiry (ms)");
        order = 0;
        definition
                .define(WAIT_REPLICAS, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM, WAIT_REPLICAS_DOC,
                        REPLICAS_GROUP, ++order, Width.SHORT, "Replicas to wait for")
                .define(WAIT_TIMEOUT_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        WAIT_TIMEOUT_MS_DOC, REPLICAS_GROUP, ++order, Width.SHORT, "WAIT timeout (ms)");
        definition.define(RETRY_MAX_ATTEMPTS, Type.INT, 10, ConfigDef.Range.atLeast(1), Importance.LOW,
                RETRY_MAX_ATTEMPTS_DOC, RETRY_GROUP, 1, Width.SHORT, "Write attempts");
        definition.define(THROTTLE_WRITES, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                THROTTLE_WRITES_DOC, THROTTLE_GROUP, 1, Width.SHORT, "Writes per second");
        return defineBackoff(definition, 2);
    }

    /** Parses and checks what ConfigDef cannot check key by key; a bad combination is a ConfigException. */
    public static RedisSinkConnectorConfig parse(Map<?, ?> props) {
        RedisSinkConnectorConfig config = new RedisSinkConnectorConfig(props);
        String problem = config.waitTimeoutProblem();
        if (problem != null) {
            throw new ConfigException(problem);
        }
        return config;
    }

    private static ConfigDef.Validator databaseMapValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                DatabaseMap.parse(value == null ? "" : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> "empty, *, or source:target pairs such as 0:3,1:4");
    }

    public DatabaseMap databaseMap() {
        return DatabaseMap.parse(getString(DATABASE_MAP));
    }

    public boolean dryRun() {
        return getBoolean(DRY_RUN);
    }

    public WriteMode writeMode() {
        return WriteMode.fromCode(getString(WRITE_MODE));
    }

    public KeyRewriter keyRewriter() {
        return new KeyRewriter(getString(KEY_PREFIX_STRIP), getString(KEY_PREFIX_ADD));
    }

    public int waitReplicas() {
        return getInt(WAIT_REPLICAS);
    }

    public Duration waitTimeout() {
        return Duration.ofMillis(getLong(WAIT_TIMEOUT_MS));
    }

    public Duration stagingTtl() {
        return Duration.ofMillis(getLong(STAGING_TTL_MS));
    }

    public Duration commandTimeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS));
    }

    /**
     * What is wrong between keys that ConfigDef checks one by one, or null: a WAIT that may block longer than
     * a command may take would time out on the client while the server still waits.
     */
    public String waitTimeoutProblem() {
        if (waitReplicas() > 0 && getLong(WAIT_TIMEOUT_MS) >= getLong(TIMEOUT_MS)) {
            return WAIT_TIMEOUT_MS + " (" + getLong(WAIT_TIMEOUT_MS) + ") must be less than " + TIMEOUT_MS + " ("
                    + getLong(TIMEOUT_MS) + ")";
        }
        return null;
    }

    /** This task's share of redis.throttle.writes.per.second: the connector's limit over tasks.max, rounded up. */
    public long taskWritesPerSecond() {
        Object tasks = originals().get("tasks.max");
        return RateLimit.share(getLong(THROTTLE_WRITES), tasks == null ? 1 : Integer.parseInt(tasks.toString().trim()));
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
