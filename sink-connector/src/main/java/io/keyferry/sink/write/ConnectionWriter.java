package io.keyferry.sink.write;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;

/**
 * A writer on a connection of its own, whose automatic flushing it turns off to pipeline a batch: the plumbing
 * the RESTORE, typed and part writers share.
 */
abstract class ConnectionWriter implements PipelinedKeyWriter {
    protected final StatefulRedisConnection<byte[], byte[]> connection;
    protected final RedisAsyncCommands<byte[], byte[]> commands;
    protected final Duration timeout;

    /** @param timeout how long the replies of a batch may take once it is flushed */
    protected ConnectionWriter(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout) {
        this.connection = connection;
        this.commands = connection.async();
        this.timeout = timeout;
        connection.setAutoFlushCommands(false);
    }

    @Override
    public long waitForReplicas(int replicas, Duration waitTimeout) throws InterruptedException {
        return Replies.waitForReplicas(connection, replicas, waitTimeout, timeout);
    }

    @Override
    public void close() {
        connection.close();
    }
}
