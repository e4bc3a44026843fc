package io.keyferry.source.live;

import java.util.ArrayList;
import java.util.List;

/**
 * What tells a live lane that its server's keys changed: the key-event subscription, the watch that warns when
 * keys change without notifications, and the watches on what replaces keys without any: FLUSHALL, FLUSHDB and
 * SWAPDB, and a replica's full sync.
 */
public final class ChangeFeed implements AutoCloseable {
    private final NotificationListener listener;
    private final NotificationWatch watch;
    private final KeyspaceResets resets;
    private final ReplicaSyncWatch replica;
    private final List<String> seen = new ArrayList<>();

    public ChangeFeed(NotificationListener listener, NotificationWatch watch, KeyspaceResets resets,
                      ReplicaSyncWatch replica) {
        this.listener = listener;
        this.watch = watch;
        this.resets = resets;
        this.replica = replica;
    }

    /** @return whether the subscription was lost and renewed since the last call (events were missed) */
    public boolean takeGap() {
        return listener.takeGap();
    }

    /**
     * Runs the watches that are due.
     *
     * @return what replaced keys without notifications since the last call ("ran FLUSHDB", …); empty if nothing
     */
    public List<String> watch() {
        // What a watch saw stays here until returned: a later watch that fails must not make it forgotten.
        resets.check().forEach(command -> seen.add("ran " + command));
        if (replica.check()) {
            seen.add("reconnected to its primary, which may have sent it all its keys anew (a full sync)");
        }
        watch.check();
        List<String> taken = List.copyOf(seen);
        seen.clear();
        return taken;
    }

    @Override
    public void close() {
        listener.close();
    }
}
