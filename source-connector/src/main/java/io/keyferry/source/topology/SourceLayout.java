package io.keyferry.source.topology;

import java.util.List;

/**
 * Where a source task reads from: its lanes, and which lane reads a given key. A standalone server is one
 * lane for ever; a cluster's lanes follow its topology (failovers, resharding), which is checked on every
 * {@link #follow} call.
 */
public interface SourceLayout extends AutoCloseable {
    List<SourceLane> lanes();

    /** The lane that reads this key, by the topology as last seen. */
    SourceLane laneOf(byte[] key);

    /**
     * Brings the lanes in line with the topology, when it is time to look at it again or a read was redirected.
     * A lane that gains slots scans them; a new lane scans all it holds.
     *
     * @return whether a server not followed until now holds slots of the task: its changes until now were
     *         missed, deletions included
     */
    boolean follow();

    /** A read was refused because its node no longer holds the key's slot: look at the topology at once. */
    void redirected();

    /** The source as a whole, for logs. */
    String describe();

    @Override
    void close();
}
