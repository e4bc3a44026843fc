package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes key states with {@code RESTORE key ttl payload REPLACE [ABSTTL]}, and tombstones or already
 * expired states with {@code DEL}. All writes of a batch are pipelined: sent together, then awaited
 * together. Every write replaces the key's whole state, so writing one twice gives the same target.
 */
public final class RestoreWriter extends ConnectionWriter {

    /** @param connection a connection of its own: the writer turns its automatic flushing off to pipeline */
    public RestoreWriter(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout) {
        super(connection, timeout);
    }

    @Override
    public SentWrites send(List<KeyWrite> writes, boolean asking) {
        long now = System.currentTimeMillis();
        SentWrites sent = new SentWrites(timeout);
        for (KeyWrite write : writes) {
            if (asking) {
                commands.asking();
            }
            CompletableFuture<?> reply = send(write, now);
            sent.add(write, deadline -> RedisFutures.errorOf(reply, deadline));
        }
        connection.flushCommands();
        return sent.flushed();
    }

    private CompletableFuture<?> send(KeyWrite write, long now) {
        if (write.deletesAt(now)) {
            return commands.del(write.key()).toCompletableFuture();
        }
        if (write.dump() == null) {
            return CompletableFuture.failedFuture(new DataException("the record is a struct record (typed value), "
                    + "which RESTORE cannot write; set redis.write.mode to typed or auto"));
        }
        RedisFuture<String> restored = commands.restore(write.key(), write.dump(), restoreArgs(write));
        return restored.toCompletableFuture();
    }

    private static RestoreArgs restoreArgs(KeyWrite write) {
        RestoreArgs args = new RestoreArgs().replace();
        return write.expireAt() >= 0 ? args.ttl(write.expireAt()).absttl() : args.ttl(0);
    }
}
