package io.keyferry.source.live;

import io.keyferry.common.config.CommandRefusals;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisServerCommands;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a server whose keys change while no notification arrives: its notify-keyspace-events lacks what live
 * mode needs (a managed service's parameter group not set, say), and its changes are not being copied. It
 * compares, every interval, the server's write count ({@code rdb_changes_since_last_save}, which SAVE resets)
 * with the notifications received. The count is the server's and covers every database, so a few writes to
 * another database are not enough to warn.
 */
public final class NotificationWatch {
    private static final Logger log = LoggerFactory.getLogger(NotificationWatch.class);
    /** Writes in one interval without a single notification that make the warning. */
    static final long WRITES_WITHOUT_NOTIFICATION = 10;
    private static final String CHANGES = "rdb_changes_since_last_save:";

    private final RedisServerCommands<byte[], byte[]> server;
    private final LongSupplier received;
    private final String name;
    private final long intervalNanos;
    private final Runnable missing;
    private boolean readable = true;
    private long nextCheck;
    private long changesBefore = -1;
    private long receivedBefore;

    /**
     * @param received the notifications received from this server so far
     * @param missing  called for each interval in which writes came without a notification
     */
    public NotificationWatch(RedisServerCommands<byte[], byte[]> server, LongSupplier received, String name,
                             Duration interval, Runnable missing) {
        this.server = server;
        this.received = received;
        this.name = name;
        this.intervalNanos = interval.toNanos();
        this.missing = missing;
        this.nextCheck = System.nanoTime();
    }

    /** Compares once the interval has passed since the last comparison; cheap otherwise. */
    public void check() {
        long now = System.nanoTime();
        if (!readable || now - nextCheck < 0) {
            return;
        }
        nextCheck = now + intervalNanos;
        long changes = changes();
        long notifications = received.getAsLong();
        long writes = changes - changesBefore;
        boolean compared = changes >= 0 && changesBefore >= 0;
        if (compared && writes >= WRITES_WITHOUT_NOTIFICATION && notifications == receivedBefore) {
            missing.run();
            log.warn("{} took {} writes in the last {} s but sent no key-event notification: its "
                    + "notify-keyspace-events probably lacks E or A, and its changes are not being copied. Set it to "
                    + "KEA (on a managed service, in its parameter group); the source resyncs by itself only when "
                    + "it restarts", name, writes, intervalNanos / 1_000_000_000);
        }
        // A SAVE resets the count: the next interval starts from the new value.
        changesBefore = changes;
        receivedBefore = notifications;
    }

    private long changes() {
        try {
            String info = server.info("persistence");
            return info.lines().filter(line -> line.startsWith(CHANGES))
                    .mapToLong(line -> Long.parseLong(line.substring(CHANGES.length()).trim())).findFirst().orElse(-1);
        } catch (RedisCommandExecutionException refused) {
            if (!CommandRefusals.isPermanent(refused)) {
                return -1; // BUSY and the like: this interval is not compared
            }
            readable = false;
            log.warn("{} refuses INFO ({}): the source cannot tell whether notifications arrive while keys change",
                    name, refused.getMessage());
            return -1;
        }
    }
}
