package io.keyferry.source.live;

import java.util.function.Supplier;

/**
 * The live half of a source: the subscription, the keys it queued, and how to start a resync's topic
 * sweep.
 */
public record ChangeStream(NotificationListener listener, ChangeQueue queue, Supplier<TopicSweep> sweeps)
        implements AutoCloseable {
    @Override
    public void close() {
        listener.close();
    }
}
