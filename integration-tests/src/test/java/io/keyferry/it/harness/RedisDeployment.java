package io.keyferry.it.harness;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;

/**
 * A Redis the tests migrate from or into, a standalone {@link RedisServer} or a {@link RedisCluster}: what
 * the oracle, the load generator and the connector configs need, whichever it is.
 */
public interface RedisDeployment {
    /** The address connectors are given: the server, or a seed node of the cluster. */
    String uri();

    /**
     * A new binary-safe connection, routed by slot on a cluster: a {@code StatefulRedisConnection} or a
     * {@code StatefulRedisClusterConnection}, as the comparator takes. The caller closes it.
     */
    StatefulConnection<byte[], byte[]> connectBinary();

    /**
     * UTF-8 commands on a new connection, for test code that writes the same way to either kind
     * ({@link RedisCommands} of a server, advanced cluster commands of a cluster). Close it with {@link #close}.
     */
    StringConnection connectStrings();

    /** Keys held, by every primary together on a cluster. */
    long dbsize();

    /** The server processes: the server itself, or every node of the cluster. */
    List<RedisServer> servers();

    /** The binary commands of a connection {@link #connectBinary()} opened, whichever kind it is. */
    static RedisClusterAsyncCommands<byte[], byte[]> async(StatefulConnection<byte[], byte[]> connection) {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
    }

    /** A string connection with its commands typed as the interface both kinds share. */
    record StringConnection(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }
}
