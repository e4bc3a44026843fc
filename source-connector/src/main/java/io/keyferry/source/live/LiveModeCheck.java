package io.keyferry.source.live;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.source.topology.ClusterTopology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The part of {@code validate()} that live modes add: notifications must be on (or allowed to be set), on
 * the server, or on every primary of a cluster, since each node publishes the events of its own keys.
 */
public final class LiveModeCheck {
    private LiveModeCheck() {
    }

    /** Reports a problem through {@code error}; never changes the server (only start() may set the flags). */
    public static void verify(RedisEndpoint endpoint, boolean cluster, String configureHint, String skipHint,
                              Consumer<String> error) {
        for (RedisEndpoint server : cluster ? primaries(endpoint) : List.of(endpoint)) {
            RedisClient client = server.newClient();
            try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
                String problem = NotificationSettings.check(connection.sync(), server.describe(), false, configureHint, skipHint);
                if (problem != null) {
                    error.accept(problem);
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private static List<RedisEndpoint> primaries(RedisEndpoint seed) {
        RedisClusterClient client = seed.newClusterClient();
        try {
            List<RedisEndpoint> primaries = new ArrayList<>();
            for (ClusterTopology.Primary primary : ClusterTopology.of(client.getPartitions()).primaries()) {
                primaries.add(seed.atNode(primary.host(), primary.port()));
            }
            return primaries;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
