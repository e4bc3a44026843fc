package io.keyferry.sink.write;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes key states with {@code RESTORE key ttl payload REPLACE [ABSTTL]}, and tombstones or already
 * expired states with {@code DEL}. All writes of a batch are pipelined: sent together, then awaited
 * together. Every write replaces the key's whole state, so writing one twice gives the same target.
 */
public final class RestoreWriter {
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;

    /** @param connection a connection of its own: the writer turns its automatic flushing off to pipeline */
    public RestoreWriter(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout) {
        this.connection = connection;
        this.commands = connection.async();
        this.timeout = timeout;
        connection.setAutoFlushCommands(false);
    }

    /** @return the writes the target did not acknowledge, with its answer; empty when all succeeded */
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        long now = System.currentTimeMillis();
        List<RedisFuture<?>> replies = new ArrayList<>(writes.size());
        for (KeyWrite write : writes) {
            replies.add(write.tombstone() || write.expiredAt(now) ? commands.del(write.key())
                    : commands.restore(write.key(), write.payload(), restoreArgs(write)));
        }
        connection.flushCommands();
        List<FailedWrite> failed = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < writes.size(); i++) {
            Throwable error = awaitError(replies.get(i), deadline);
            if (error != null) {
                failed.add(new FailedWrite(writes.get(i), error));
            }
        }
        return failed;
    }

    private static RestoreArgs restoreArgs(KeyWrite write) {
        RestoreArgs args = new RestoreArgs().replace();
        return write.expireAt() >= 0 ? args.ttl(write.expireAt()).absttl() : args.ttl(0);
    }

    private static Throwable awaitError(RedisFuture<?> reply, long deadlineNanos) throws InterruptedException {
        try {
            reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            reply.cancel(true);
            return new io.lettuce.core.RedisCommandTimeoutException("no reply from the target in time");
        }
    }
}
