package io.keyferry.source.live;

import io.keyferry.common.config.CommandRefusals;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisServerCommands;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a replica that may have reloaded all its keys from its primary (a full sync), which replaces its
 * dataset without a single notification. A full sync needs the link to the primary down first, so the watch reads
 * {@code INFO replication} at an interval and tells when the link comes back up after having been seen down or
 * syncing; it also tells when the count of keys of the replica's last load ({@code rdb_last_load_keys_loaded})
 * changed, for a sync that went down and up between two readings. On a primary it tells nothing.
 */
public final class ReplicaSyncWatch {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSyncWatch.class);
    private static final String LOADED = "rdb_last_load_keys_loaded:";

    /** What INFO replication says of a server: a primary, or a replica whose link is up or down. */
    public enum Link { PRIMARY, UP, DOWN }

    private final RedisServerCommands<byte[], byte[]> server;
    private final String name;
    private final long intervalNanos;
    private boolean readable = true;
    private long nextCheck;
    /** A sync was seen (the link down, or a new load) and not told yet. */
    private boolean synced;
    private long loaded = -1;

    public ReplicaSyncWatch(RedisServerCommands<byte[], byte[]> server, String name, Duration interval) {
        this.server = server;
        this.name = name;
        this.intervalNanos = interval.toNanos();
        this.nextCheck = System.nanoTime();
        check();
    }

    /** @return whether the replica may have reloaded its keys since the last call */
    public boolean check() {
        long now = System.nanoTime();
        if (!readable || now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + intervalNanos;
        try {
            Link link = link(server.info("replication"));
            if (link == Link.PRIMARY) {
                return false;
            }
            // Remembered before the next reading, which may fail: a sync seen is never forgotten.
            synced |= link == Link.DOWN;
            long count = loaded(server.info("persistence"));
            synced |= loaded >= 0 && count != loaded;
            loaded = count;
            if (link == Link.DOWN || !synced) {
                return false;
            }
            synced = false;
            return true;
        } catch (RedisCommandExecutionException refused) {
            if (CommandRefusals.isPermanent(refused)) {
                readable = false;
                log.warn("{} refuses INFO ({}): if it is a replica, a full sync from its primary will not be noticed",
                        name, refused.getMessage());
            }
            return false;
        }
    }

    public static Link link(String replication) {
        boolean replica = replication.lines().anyMatch(line -> line.trim().equals("role:slave"));
        if (!replica) {
            return Link.PRIMARY;
        }
        boolean up = replication.lines().anyMatch(line -> line.trim().equals("master_link_status:up"));
        boolean syncing = replication.lines().anyMatch(line -> line.trim().equals("master_sync_in_progress:1"));
        return up && !syncing ? Link.UP : Link.DOWN;
    }

    static long loaded(String persistence) {
        return persistence.lines().filter(line -> line.startsWith(LOADED))
                .mapToLong(line -> Long.parseLong(line.substring(LOADED.length()).trim())).findFirst().orElse(-1);
    }
}
