package io.keyferry.source.live;

import java.util.List;

/**
 * What tells a live lane that its server's keys changed: the key-event subscription, the watch that warns when
 * keys change without notifications, and the watch on FLUSHALL, FLUSHDB and SWAPDB, which send none.
 */
public final class ChangeFeed implements AutoCloseable {
    private final NotificationListener listener;
    private final NotificationWatch watch;
    private final KeyspaceResets resets;

    public ChangeFeed(NotificationListener listener, NotificationWatch watch, KeyspaceResets resets) {
        this.listener = listener;
        this.watch = watch;
        this.resets = resets;
    }

    /** @return whether the subscription was lost and renewed since the last call (events were missed) */
    public boolean takeGap() {
        return listener.takeGap();
    }

    /**
     * Runs the watches that are due.
     *
     * @return the commands that emptied or swapped a database since the last call (see {@link KeyspaceResets})
     */
    public List<String> watch() {
        watch.check();
        return resets.check();
    }

    @Override
    public void close() {
        listener.close();
    }
}
