package io.keyferry.source.live;

import io.keyferry.common.config.CommandRefusals;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisServerCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices what no key-event notification reports: FLUSHALL, FLUSHDB and SWAPDB empty or replace a database
 * without an event per key. It reads the server's command counters ({@code INFO commandstats}) at an interval and
 * tells when one of these commands ran since the last reading, so the source resyncs. The counters cover every
 * database, so a FLUSHDB of another database resyncs too (needlessly, but nothing is lost). {@code CONFIG RESETSTAT}
 * sets the counters back to zero: a counter found lower than before counts as a run only when it is not zero, that
 * is when the command ran after the reset.
 */
public final class KeyspaceResets {
    private static final Logger log = LoggerFactory.getLogger(KeyspaceResets.class);
    static final List<String> COMMANDS = List.of("flushall", "flushdb", "swapdb");
    private static final String PREFIX = "cmdstat_";

    private final RedisServerCommands<byte[], byte[]> server;
    private final String name;
    private final long intervalNanos;
    private boolean readable = true;
    private long nextCheck;
    private Map<String, Long> before;

    /** Reads the counters once now: a reset from this moment on is noticed. */
    public KeyspaceResets(RedisServerCommands<byte[], byte[]> server, String name, Duration interval) {
        this.server = server;
        this.name = name;
        this.intervalNanos = interval.toNanos();
        this.before = read();
        this.nextCheck = System.nanoTime() + intervalNanos;
    }

    /**
     * @return the commands among FLUSHALL, FLUSHDB and SWAPDB that ran since the last reading, upper case; empty when
     *         none did or the interval has not passed yet
     */
    public List<String> check() {
        long now = System.nanoTime();
        if (!readable || now - nextCheck < 0) {
            return List.of();
        }
        nextCheck = now + intervalNanos;
        Map<String, Long> counts = read();
        if (counts == null) {
            return List.of();
        }
        List<String> ran = before == null ? List.of() : ran(before, counts);
        before = counts;
        return ran;
    }

    /** The commands whose count moved from {@code before} to {@code now}, by the rule of this class. */
    static List<String> ran(Map<String, Long> before, Map<String, Long> now) {
        List<String> ran = new ArrayList<>();
        for (String command : COMMANDS) {
            long was = before.getOrDefault(command, 0L);
            long is = now.getOrDefault(command, 0L);
            if (is > was || is < was && is > 0) {
                ran.add(command.toUpperCase());
            }
        }
        return ran;
    }

    /** The call counts of the watched commands in an INFO commandstats reply; a command never called is absent. */
    static Map<String, Long> parse(String info) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            for (String command : COMMANDS) {
                String field = PREFIX + command + ":calls=";
                if (line.startsWith(field)) {
                    int end = line.indexOf(',', field.length());
                    counts.put(command, Long.parseLong(line.substring(field.length(), end < 0 ? line.length() : end)));
                }
            }
        }
        return counts;
    }

    /** @return the counts, or null when this reading failed or INFO is refused */
    private Map<String, Long> read() {
        try {
            return parse(server.info("commandstats"));
        } catch (RedisCommandExecutionException refused) {
            if (CommandRefusals.isPermanent(refused)) {
                readable = false;
                log.warn("{} refuses INFO ({}): a FLUSHALL, FLUSHDB or SWAPDB there will not be noticed, and keys it "
                        + "removes stay on the target until the source resyncs", name, refused.getMessage());
            }
            return null;
        }
    }
}
