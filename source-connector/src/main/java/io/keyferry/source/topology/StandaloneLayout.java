package io.keyferry.source.topology;

import java.util.List;

/** A standalone server (or one database of it): one lane, which never changes. */
public final class StandaloneLayout implements SourceLayout {
    private final SourceLane lane;

    public StandaloneLayout(SourceLane lane) {
        this.lane = lane;
    }

    @Override
    public List<SourceLane> lanes() {
        return List.of(lane);
    }

    @Override
    public SourceLane laneOf(byte[] key) {
        return lane;
    }

    @Override
    public boolean follow() {
        return false;
    }

    @Override
    public void redirected() {
        throw new IllegalStateException(lane.name() + " is not a cluster node, yet a read was redirected");
    }

    @Override
    public String describe() {
        return lane.name();
    }

    @Override
    public void close() {
        lane.close();
    }
}
