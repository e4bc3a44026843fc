package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
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
    protected WriteSender sender(long now) {
        return write -> {
            CompletableFuture<?> reply = send(write, now);
            return deadline -> RedisFutures.errorOf(reply, deadline);
        };
    }

    private CompletableFuture<?> send(KeyWrite write, long now) {
        if (write.deletesAt(now)) {
            return commands.del(write.key()).toCompletableFuture();
        }
        if (write instanceof KeyWrite.Dump dump) {
            return commands.restore(dump.key(), dump.payload(), restoreArgs(dump)).toCompletableFuture();
        }
        return CompletableFuture.failedFuture(new DataException("the record is a struct record (typed value), "
                + "which RESTORE cannot write; set redis.write.mode to typed or auto"));
    }

    private static RestoreArgs restoreArgs(KeyWrite.Dump dump) {
        RestoreArgs args = new RestoreArgs().replace();
        return dump.expireAt() >= 0 ? args.ttl(dump.expireAt()).absttl() : args.ttl(0);
    }
}
