package io.keyferry.launcher;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.source.topology.ClusterTopology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;

/** What the launcher needs to know of the source before it deploys: server or cluster, primaries, keys. */
record SourceShape(boolean cluster, int primaries, long keys) {
    static SourceShape of(RedisEndpoint source) {
        if (!source.isCluster()) {
            RedisClient client = source.newClient();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                return new SourceShape(false, 1, connection.sync().dbsize());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        RedisClusterClient client = source.newClusterClient();
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            int primaries = ClusterTopology.of(client.getPartitions()).primaries().size();
            // The cluster connection's DBSIZE adds up the primaries'.
            return new SourceShape(true, primaries, connection.sync().dbsize());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** One source task per primary of a cluster; a standalone server is read by one task. */
    int sourceTasks() {
        return cluster ? Math.max(1, primaries) : 1;
    }
}
