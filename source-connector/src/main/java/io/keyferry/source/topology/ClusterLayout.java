package io.keyferry.source.topology;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lanes of a task reading some slots of a Redis Cluster: one per primary holding any of them. Every
 * {@link #follow} looks at the topology once a second (at once after a redirected read) and follows it: a
 * primary that no longer holds any of the slots is let go, a new one (a promoted replica, the target of a
 * resharding) gets a lane, subscribed before it scans, and a primary that gained slots scans again: keys
 * that moved to it may lie where its scan had already passed. With {@link ReadFrom} a lane reads a replica of
 * its primary instead, and opens anew on another node when the one to read changes.
 *
 * <p>A lane's source partition names the task's slots and the node; its offsets also name the slots the node
 * held, so a restarted task resumes a lane's scan only on the same node holding the same slots.
 */
public final class ClusterLayout implements SourceLayout {
    private static final Logger log = LoggerFactory.getLogger(ClusterLayout.class);
    private static final long LOOK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long REDIRECT_LOOK_NANOS = Duration.ofMillis(100).toNanos();

    private final Supplier<ClusterTopology> look;
    private final RedisEndpoint seed;
    private final SlotSet slots;
    private final ClusterLanes factory;
    private final ReadFrom readFrom;
    private final Map<String, SourceLane> lanes = new LinkedHashMap<>();
    /** The node each lane reads, by the ID of the primary whose slots it reads. */
    private final Map<String, ClusterTopology.Node> readNodes = new HashMap<>();
    private Map<String, ClusterTopology.Primary> holders = new LinkedHashMap<>();
    private ClusterTopology topology;
    private long nextLook;
    private long lastLook = System.nanoTime() - REDIRECT_LOOK_NANOS;
    private boolean lookNow;
    private boolean missed;
    private boolean restarted;

    /** Opens the lane of a cluster node ({@link LaneFactory}). */
    @FunctionalInterface
    public interface ClusterLanes {
        SourceLane clusterNode(RedisEndpoint node, SlotSet held, SnapshotOffset start, SourcePartition partition,
                               boolean replica, ReplicationPosition stream, boolean restarted);

        /** Whether lanes follow their nodes' replication streams, which see every write, moved keys included. */
        default boolean capturesStreams() {
            return false;
        }
    }

    private ClusterLayout(Supplier<ClusterTopology> look, RedisEndpoint seed, SlotSet slots, ClusterLanes factory,
                          ReadFrom readFrom) {
        this.look = look;
        this.seed = seed;
        this.slots = slots;
        this.factory = factory;
        this.readFrom = readFrom;
    }

    /**
     * Opens a lane on each primary holding some of {@code slots}. Each resumes its scan from its committed
     * offset when every lane has one taken while its node held the same slots; otherwise all start over,
     * since keys may have moved between a scanned node and one not scanned yet.
     *
     * @param look reads the cluster's topology as it is now ({@link ClusterTopology#lookAt})
     * @param committed the committed offset of a source partition, or null
     * @param absent the position of a lane without a committed offset (start, or done for liveonly)
     */
    public static ClusterLayout open(Supplier<ClusterTopology> look, RedisEndpoint seed, SlotSet slots,
                                     ClusterLanes factory, ReadFrom readFrom,
                                     Function<SourcePartition, SourceOffset> committed, SnapshotOffset absent) {
        ClusterLayout layout = new ClusterLayout(look, seed, slots, factory, readFrom);
        try {
            layout.topology = look.get();
            layout.holders = new LinkedHashMap<>(layout.topology.holders(slots));
            Map<String, SourceOffset> stored = new HashMap<>();
            for (ClusterTopology.Primary holder : layout.holders.values()) {
                SourceOffset offset = committed.apply(layout.partition(holder.nodeId()));
                if (offset != null) {
                    stored.put(holder.nodeId(), offset);
                }
            }
            layout.restarted = !stored.isEmpty();
            boolean resumable = layout.restarted && layout.holders.values().stream().allMatch(holder ->
                    stored.containsKey(holder.nodeId()) && holder.slots().equals(stored.get(holder.nodeId()).held()));
            if (layout.restarted && !resumable) {
                log.info("The topology of {} changed since the committed offsets: its slots {} are scanned "
                        + "from the start",
                        seed.describe(), slots);
            }
            for (ClusterTopology.Primary holder : layout.holders.values()) {
                SourceOffset offset = resumable ? stored.get(holder.nodeId()) : null;
                layout.openLane(holder, offset != null ? offset.position() : absent,
                        offset != null ? offset.stream() : null, layout.restarted);
            }
            layout.nextLook = System.nanoTime() + LOOK_INTERVAL_NANOS;
            return layout;
        } catch (RuntimeException e) {
            layout.close();
            throw e;
        }
    }

    /** Whether offsets were committed for any lane: the task ran before, rather than starting for the first time. */
    public boolean restarted() {
        return restarted;
    }

    private SourcePartition partition(String nodeId) {
        return SourcePartition.ofClusterNode(slots, nodeId);
    }

    /**
     * @param stream where the node's replication stream continues; null for a full sync
     * @param unseen whether its keys may have changed unseen (a full sync then sweeps the topic)
     */
    private void openLane(ClusterTopology.Primary holder, SnapshotOffset start, ReplicationPosition stream,
                          boolean unseen) {
        ClusterTopology.Node read = readFrom.choose(holder);
        boolean replica = !read.nodeId().equals(holder.nodeId());
        RedisEndpoint node = seed.atNode(read.host(), read.port());
        SourceLane lane = factory.clusterNode(node, holder.slots(), start, partition(holder.nodeId()), replica, stream,
                unseen);
        lanes.put(holder.nodeId(), lane);
        readNodes.put(holder.nodeId(), read);
        log.info("Reading slots {} of {} on {} (node {}{})", holder.slots(), slots, lane.name(), read.nodeId(),
                replica ? ", a replica of " + holder.host() + ":" + holder.port() : "");
    }

    @Override
    public List<SourceLane> lanes() {
        return new ArrayList<>(lanes.values());
    }

    @Override
    public SourceLane laneOf(byte[] key) {
        ClusterTopology.Primary owner = topology.ownerOf(SlotHash.getSlot(key));
        return owner == null ? null : lanes.get(owner.nodeId());
    }

    @Override
    public void redirected() {
        lookNow = true;
    }

    @Override
    public boolean follow() {
        long now = System.nanoTime();
        // After a redirect at once, but not more often than every REDIRECT_LOOK_NANOS while a slot migrates.
        if (lookNow ? now - lastLook < REDIRECT_LOOK_NANOS : now - nextLook < 0) {
            return false;
        }
        lastLook = now;
        // Looked at again next time if anything below fails: the change stays owed until the lanes follow it.
        lookNow = true;
        ClusterTopology seen = look.get();
        Map<String, ClusterTopology.Primary> seenHolders = seen.holders(slots);
        topology = seen;
        if (!seenHolders.equals(holders)) {
            log.info("The topology of {} changed: slots {} are now held by {}", seed.describe(), slots,
                    describe(seenHolders));
            apply(seenHolders);
        }
        lookNow = false;
        nextLook = now + LOOK_INTERVAL_NANOS;
        boolean newLane = missed;
        missed = false;
        return newLane;
    }

    /**
     * Closes and opens lanes until they match {@code seenHolders}. {@link #holders} is updated holder by holder,
     * so that if opening a lane fails, the next look starts from what was done.
     */
    private void apply(Map<String, ClusterTopology.Primary> seenHolders) {
        // The streams of lanes let go, by the slots they held: a promoted replica continues its primary's.
        Map<SlotSet, ReplicationPosition> streams = new HashMap<>();
        for (String nodeId : List.copyOf(lanes.keySet())) {
            ClusterTopology.Primary seen = seenHolders.get(nodeId);
            ClusterTopology.Node read = seen == null ? null : readFrom.choose(seen);
            if (seen == null) {
                ReplicationPosition stream = lanes.get(nodeId).streamPosition();
                if (stream != null) {
                    streams.put(holders.get(nodeId).slots(), stream);
                }
                closeLane(nodeId, "it holds none of slots " + slots);
            } else if (!read.equals(readNodes.get(nodeId))) {
                // Another node to read (its replica failed, or one came up): read there as if new to the task.
                closeLane(nodeId, "redis.read.from=" + readFrom.code() + " now reads " + read.host() + ":"
                        + read.port());
            }
        }
        for (ClusterTopology.Primary holder : seenHolders.values()) {
            SourceLane lane = lanes.get(holder.nodeId());
            if (lane == null && factory.capturesStreams()) {
                // Its stream continued, or a full sync whose sweep covers what was missed.
                openLane(holder, SnapshotOffset.COMPLETE, streams.get(holder.slots()), true);
            } else if (lane == null) {
                openLane(holder, SnapshotOffset.START, null, true);
                missed = true;
            } else if (!holder.slots().equals(holders.get(holder.nodeId()).slots())) {
                lane.reassign(holder.slots());
            }
            holders.put(holder.nodeId(), holder);
        }
    }

    private void closeLane(String nodeId, String why) {
        SourceLane gone = lanes.remove(nodeId);
        holders.remove(nodeId);
        readNodes.remove(nodeId);
        log.info("No longer reading {} for node {}: {}", gone.name(), nodeId, why);
        gone.close();
    }

    private static String describe(Map<String, ClusterTopology.Primary> holders) {
        List<String> parts = new ArrayList<>();
        holders.values().forEach(h -> parts.add(h.host() + ":" + h.port() + " [" + h.slots() + "]"));
        return parts.isEmpty() ? "no primary" : String.join(", ", parts);
    }

    @Override
    public String describe() {
        return "slots " + slots + " of the cluster at " + seed.describe();
    }

    /** Closes every lane, even when closing one fails; the first failure is thrown after. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (SourceLane lane : lanes.values()) {
            try {
                lane.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        lanes.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
