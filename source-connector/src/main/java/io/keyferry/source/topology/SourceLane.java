package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import io.keyferry.source.live.NotificationListener;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.snapshot.SnapshotReader;
import java.util.Map;

/**
 * One server's share of a source's work: its scan, its key reads, its change notifications, and the source
 * partition the offsets of its records belong to. A standalone source has one lane; a cluster source has one
 * per primary holding slots of the task.
 */
public final class SourceLane implements AutoCloseable {
    private final String name;
    private final SnapshotReader snapshot;
    private final KeyStateReader reader;
    private final NotificationListener listener;
    private final AutoCloseable connections;
    private final PartitionNaming naming;
    private Map<String, ?> partition;

    /** How a lane names its source partition from the slots it reads. */
    public interface PartitionNaming {
        Map<String, ?> partition(SlotSet slots);
    }

    /**
     * @param listener null when the source does not follow changes
     * @param connections what to close with the lane
     */
    SourceLane(String name, SlotSet slots, PartitionNaming naming, SnapshotReader snapshot, KeyStateReader reader,
               NotificationListener listener, AutoCloseable connections) {
        this.name = name;
        this.naming = naming;
        this.partition = naming.partition(slots);
        this.snapshot = snapshot;
        this.reader = reader;
        this.listener = listener;
        this.connections = connections;
    }

    /** The server, for logs: host, port and database, never credentials. */
    public String name() {
        return name;
    }

    public Map<String, ?> partition() {
        return partition;
    }

    public SnapshotReader snapshot() {
        return snapshot;
    }

    public KeyStateReader reader() {
        return reader;
    }

    /** @return whether this lane's notification subscription was lost and renewed since the last call */
    public boolean takeGap() {
        return listener != null && listener.takeGap();
    }

    /**
     * The node now holds other slots of the task, named in the partition from now on. A node that gained slots
     * scans again from the start, as keys that moved to it may lie where its scan had passed; one that only
     * lost slots goes on, skipping them.
     */
    void reassign(SlotSet before, SlotSet now) {
        partition = naming.partition(now);
        if (now.intersect(before).equals(now)) {
            snapshot.restrictTo(now);
        } else {
            snapshot.restart(now);
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        try {
            connections.close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing the connections to " + name + " failed", e);
        }
    }
}
