package io.keyferry.source.live;

import io.lettuce.core.api.sync.RedisServerCommands;
import java.util.Map;

/**
 * Checks that the server publishes the key-event notifications live mode needs ({@code E} and every
 * class of {@code A}: g$lshzxet), and adds the missing flags when the user allowed it. Without them live
 * mode would silently see no change, the most common failure of the peers.
 */
public final class NotificationSettings {
    public static final String PARAMETER = "notify-keyspace-events";
    private static final String NEEDED_CLASSES = "g$lshzxet";

    private NotificationSettings() {
    }

    /** @return what is missing from the flags, or an empty string when they suffice */
    static String missing(String flags) {
        StringBuilder missing = new StringBuilder();
        if (flags.indexOf('E') < 0) {
            missing.append('E');
        }
        if (flags.indexOf('A') < 0) {
            for (char flag : NEEDED_CLASSES.toCharArray()) {
                if (flags.indexOf(flag) < 0) {
                    missing.append(flag);
                }
            }
        }
        return missing.toString();
    }

    /**
     * @param configure whether the flags may be set on the server
     * @param configureHint how the user lets the connector set them, e.g. "set redis.live.notifications.configure=true"
     * @param skipHint      how the user says they are set where they cannot be read, e.g.
     *                      "set redis.live.notifications.verify=false"
     * @return null when notifications are on (or were switched on), else a message saying what to set
     */
    public static String check(RedisServerCommands<?, ?> redis, String server, boolean configure,
                               String configureHint, String skipHint) {
        String flags;
        try {
            Map<String, String> reply = redis.configGet(PARAMETER);
            flags = reply.getOrDefault(PARAMETER, "");
        } catch (RuntimeException e) {
            return "Cannot read " + PARAMETER + " on " + server + " (" + e.getMessage() + "). Live mode needs it to "
                    + "include E and A (key-event notifications of every type). On a managed service that blocks "
                    + "CONFIG, set " + PARAMETER + " to KEA in its parameter group, then " + skipHint
                    + " to go on without reading it (the source then warns when keys change but no notification "
                    + "arrives); elsewhere, allow CONFIG GET";
        }
        String missing = missing(flags);
        if (missing.isEmpty()) {
            return null;
        }
        if (configure) {
            redis.configSet(PARAMETER, flags + "EA");
            String after = redis.configGet(PARAMETER).getOrDefault(PARAMETER, "");
            return missing(after).isEmpty() ? null
                    : "Setting " + PARAMETER + " on " + server + " did not take: it is '" + after + "'";
        }
        return "Keyspace notifications are off on " + server + ": " + PARAMETER + " is '" + flags + "', lacking '"
                + missing + "', so live mode would miss changes. Run CONFIG SET " + PARAMETER + " " + flags + "EA "
                + "(or set it in redis.conf or the managed service's parameter group), or " + configureHint
                + " to let the connector set it";
    }
}
