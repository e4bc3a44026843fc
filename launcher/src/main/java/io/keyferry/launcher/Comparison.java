package io.keyferry.launcher;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the keyspace comparison between two databases, each a server or a Redis Cluster (compared across its
 * primaries, whichever node the URI names), and closes what it opened.
 */
final class Comparison {
    private Comparison() {
    }

    static ComparisonReport run(RedisEndpoint source, RedisEndpoint target, CompareOptions options) {
        List<AbstractRedisClient> clients = new ArrayList<>();
        try (StatefulConnection<byte[], byte[]> from = connect(source.patientReader(), clients);
             StatefulConnection<byte[], byte[]> to = connect(target.patientReader(), clients)) {
            return new KeyspaceComparator(from, to, options).compare();
        } finally {
            clients.forEach(client -> client.shutdown(Duration.ZERO, Duration.ofSeconds(5)));
        }
    }

    private static StatefulConnection<byte[], byte[]> connect(RedisEndpoint endpoint,
            List<AbstractRedisClient> clients) {
        if (endpoint.isCluster()) {
            RedisClusterClient cluster = endpoint.newClusterClient();
            clients.add(cluster);
            return cluster.connect(ByteArrayCodec.INSTANCE);
        }
        RedisClient server = endpoint.newClient();
        clients.add(server);
        return server.connect(ByteArrayCodec.INSTANCE);
    }
}
