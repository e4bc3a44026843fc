package io.keyferry.sink.write;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the target's commands accept, from the version its {@code INFO server} reports ({@code redis_version};
 * Valkey reports the Redis version it is compatible with there). Typed writes use it to decide whether a
 * stream's counters can be carried over.
 *
 * @param major the major Redis version, 0 when unknown
 */
public record TargetFeatures(int major, int minor) {
    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)");

    /** A target of unknown version: only what every supported server (Redis 6.2+) accepts is used. */
    public static final TargetFeatures BASELINE = new TargetFeatures(0, 0);

    public static TargetFeatures fromInfo(String infoServer) {
        Matcher matcher = VERSION.matcher(infoServer == null ? "" : infoServer);
        return matcher.find() ? new TargetFeatures(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))
                : BASELINE;
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
