package io.keyferry.source.snapshot;

import io.keyferry.common.config.CommandRefusals;
import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.SlotSet;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCAN call at a time, from a given cursor, with the configured MATCH / TYPE / COUNT, and the keys
 * passed through the include/exclude filter and, on a cluster node, the slots this task reads. Stateless
 * between calls: the cursor lives in the offset, so a restarted task continues where the last committed
 * offset says.
 *
 * <p>Each step also says which server process answered (its run id), since a cursor is only valid on the
 * process that issued it: the SCAN goes between two {@code INFO server} on the same connection, and two
 * different answers mean the connection was re-established in between, which fails the step as a lost
 * connection would. A user whose ACL refuses INFO scans without that check, with a warning.
 */
public final class KeyScanner implements ScanSteps {
    private static final Logger log = LoggerFactory.getLogger(KeyScanner.class);
    private static final String RUN_ID = "run_id:";

    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;
    private boolean identifies = true;
    private final KeyScanArgs args;
    private KeySelection selection;

    /** @param selection the keys to keep; its slots are the node's part: a cluster node holds other tasks' too */
    public KeyScanner(StatefulRedisConnection<byte[], byte[]> connection, int count, KeySelection selection) {
        this.commands = connection.async();
        this.timeout = connection.getTimeout();
        this.selection = selection;
        this.args = new KeyScanArgs();
        args.limit(count);
        if (!selection.match().isEmpty()) {
            args.match(selection.match().getBytes(StandardCharsets.UTF_8));
        }
        if (!selection.type().isEmpty()) {
            args.type(selection.type());
        }
    }

    @Override
    public void restrictTo(SlotSet slots) {
        this.selection = selection.withSlots(slots);
    }

    @Override
    public Step scan(String cursor) throws InterruptedException {
        RedisFuture<String> before = identifies ? commands.info("server") : null;
        RedisFuture<KeyScanCursor<byte[]>> scan = commands.scan(ScanCursor.of(cursor), args);
        RedisFuture<String> after = identifies ? commands.info("server") : null;
        KeyScanCursor<byte[]> result = await(scan);
        String server = before == null ? null : identity(before, after);
        List<byte[]> keys = result.getKeys();
        if (!selection.acceptsEveryScanned()) {
            List<byte[]> accepted = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                if (selection.acceptsScanned(key)) {
                    accepted.add(key);
                }
            }
            keys = accepted;
        }
        return new Step(keys, result.isFinished() ? ScanCursor.FINISHED.getCursor() : result.getCursor(), server);
    }

    private String identity(RedisFuture<String> before, RedisFuture<String> after) throws InterruptedException {
        String first;
        String second;
        try {
            first = runId(await(before));
            second = runId(await(after));
        } catch (RedisCommandExecutionException refused) {
            if (!CommandRefusals.isPermanent(refused)) {
                throw refused; // BUSY and the like: the step fails and is tried again
            }
            identifies = false;
            log.warn("The source refuses INFO ({}): a restart or failover of the source during the snapshot cannot be "
                    + "told, and would make the resumed SCAN miss keys; grant the user +info", refused.getMessage());
            return null;
        }
        if (!first.equals(second)) {
            throw new RedisConnectionException("Connection disconnected and re-established to another server process "
                    + "during a SCAN step (run id " + first + ", then " + second + ")");
        }
        return first;
    }

    private static String runId(String info) {
        return info.lines().filter(line -> line.startsWith(RUN_ID)).map(line -> line.substring(RUN_ID.length()).trim())
                .findFirst().orElse("");
    }

    private <T> T await(RedisFuture<T> future) throws InterruptedException {
        return RedisFutures.await(future, timeout);
    }
}
