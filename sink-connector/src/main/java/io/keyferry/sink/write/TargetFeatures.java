package io.keyferry.sink.write;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the target's commands accept, from the version its {@code INFO server} reports ({@code redis_version};
 * Valkey reports the Redis version it is compatible with there). Typed writes use it to decide whether a
 * stream's counters can be carried over.
 *
 * @param major the major Redis version, 0 when unknown
 */
public record TargetFeatures(int major, int minor) {
    private static final Logger log = LoggerFactory.getLogger(TargetFeatures.class);
    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)");

    /** A target of unknown version: only what every supported server (Redis 6.2+) accepts is used. */
    public static final TargetFeatures BASELINE = new TargetFeatures(0, 0);

    public static TargetFeatures fromInfo(String infoServer) {
        Matcher matcher = VERSION.matcher(infoServer == null ? "" : infoServer);
        return matcher.find()
                ? new TargetFeatures(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))
                : BASELINE;
    }

    /**
     * Asks the server its version over {@code connection}. An ACL user without INFO gets the
     * {@link #BASELINE}, with a warning, rather than a failed start.
     *
     * @param target the server, as logs may name it
     */
    public static TargetFeatures read(StatefulRedisConnection<byte[], byte[]> connection, String target) {
        try {
            return fromInfo(connection.sync().info("server"));
        } catch (RedisCommandExecutionException e) {
            log.warn("Cannot read the version of {} ({}); typed writes leave out the stream counters of Redis 7.0+",
                    target, e.getMessage());
            return BASELINE;
        }
    }

    /** XSETID ... ENTRIESADDED n MAXDELETEDID id and XGROUP CREATE ... ENTRIESREAD n (Redis 7.0+). */
    public boolean streamCounters() {
        return major >= 7;
    }

    @Override
    public String toString() {
        return major == 0 ? "unknown version" : "Redis-compatible " + major + "." + minor;
    }
}
