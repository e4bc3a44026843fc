package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;

/**
 * A writer on a connection of its own, whose automatic flushing it turns off to pipeline a batch: the plumbing
 * the RESTORE, typed and part writers share. A batch's writes are sent one after the other, flushed together,
 * and their replies awaited together ({@link SentWrites}); each writer says only what it sends for one write.
 */
abstract class ConnectionWriter implements PipelinedKeyWriter {
    protected final StatefulRedisConnection<byte[], byte[]> connection;
    protected final RedisAsyncCommands<byte[], byte[]> commands;
    protected final Duration timeout;

    /** Sends the commands of one write, unflushed, and tells how to learn its outcome once the replies come. */
    @FunctionalInterface
    protected interface WriteSender {
        SentWrites.Outcome send(KeyWrite write);
    }

    /** @param timeout how long the replies of a batch may take once it is flushed */
    protected ConnectionWriter(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout) {
        this.connection = connection;
        this.commands = connection.async();
        this.timeout = timeout;
        connection.setAutoFlushCommands(false);
    }

    /**
     * How this writer sends the writes of one batch, made for each batch: expiry is judged as of {@code now}, and
     * a writer may keep in it what the batch's earlier writes tell about the later ones.
     */
    protected abstract WriteSender sender(long now);

    @Override
    public final SentWrites send(List<KeyWrite> writes, boolean asking) {
        SentWrites sent = new SentWrites(timeout);
        WriteSender sender = sender(System.currentTimeMillis());
        for (KeyWrite write : writes) {
            if (asking) {
                // The importing node lets the next command in; inside MULTI the permission lasts until EXEC.
                commands.asking();
            }
            sent.add(write, sender.send(write));
        }
        connection.flushCommands();
        return sent.flushed();
    }

    /** WAIT on this connection; the deadline allows the server its timeout. */
    @Override
    public long waitForReplicas(int replicas, Duration waitTimeout) throws InterruptedException {
        RedisFuture<Long> acknowledged = commands.waitForReplication(replicas, waitTimeout.toMillis());
        connection.flushCommands();
        long deadline = System.nanoTime() + waitTimeout.toNanos() + timeout.toNanos();
        Throwable error = RedisFutures.errorOf(acknowledged, deadline);
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new IllegalStateException(error);
        }
        return acknowledged.toCompletableFuture().join();
    }

    @Override
    public void close() {
        connection.close();
    }
}
