package io.keyferry.source.snapshot;

import io.keyferry.common.record.KeyFilter;
import io.keyferry.common.record.SlotSet;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One SCAN call at a time, from a given cursor, with the configured MATCH / TYPE / COUNT, and the keys
 * passed through the include/exclude filter and, on a cluster node, the slots this task reads. Stateless between calls: the cursor lives in the offset, so
 * a restarted task continues where the last committed offset says.
 */
public final class KeyScanner {
    private final RedisCommands<byte[], byte[]> commands;
    private final KeyScanArgs args;
    private final KeyFilter filter;
    private SlotSet slots;
    private boolean allSlots;

    public KeyScanner(RedisCommands<byte[], byte[]> commands, int count, String match, String type, KeyFilter filter) {
        this(commands, count, match, type, filter, SlotSet.ALL);
    }

    /** @param slots the keys to keep, by hash slot: a cluster node holds slots of other tasks too */
    public KeyScanner(RedisCommands<byte[], byte[]> commands, int count, String match, String type, KeyFilter filter,
                      SlotSet slots) {
        this.commands = commands;
        this.filter = filter;
        restrictTo(slots);
        this.args = new KeyScanArgs();
        args.limit(count);
        if (match != null && !match.isEmpty()) {
            args.match(match.getBytes(StandardCharsets.UTF_8));
        }
        if (type != null && !type.isEmpty()) {
            args.type(type);
        }
    }

    /** Keeps only keys of these slots from now on: the node's share of the task changed. */
    public void restrictTo(SlotSet slots) {
        this.slots = slots;
        this.allSlots = slots.equals(SlotSet.ALL);
    }

    /** The keys of one SCAN step and the cursor to continue from ("0" when the scan is complete). */
    public record Step(List<byte[]> keys, String nextCursor) {
        public boolean lastStep() {
            return ScanCursor.FINISHED.getCursor().equals(nextCursor);
        }
    }

    public Step scan(String cursor) {
        KeyScanCursor<byte[]> result = commands.scan(ScanCursor.of(cursor), args);
        List<byte[]> keys = result.getKeys();
        if (!filter.regexAcceptsAll() || !allSlots) {
            List<byte[]> accepted = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                if (filter.regexAccepts(key) && (allSlots || slots.containsKey(key))) {
                    accepted.add(key);
                }
            }
            keys = accepted;
        }
        return new Step(keys, result.isFinished() ? ScanCursor.FINISHED.getCursor() : result.getCursor());
    }
}
