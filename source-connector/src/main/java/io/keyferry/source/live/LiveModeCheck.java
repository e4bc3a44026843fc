package io.keyferry.source.live;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.source.topology.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The part of {@code validate()} that live modes add: notifications must be on (or allowed to be set), on
 * the server, or on every node of a cluster that is read (its primaries, or replicas with redis.read.from), since
 * each node publishes the events of its own keys.
 */
public final class LiveModeCheck {
    private LiveModeCheck() {
    }

    /** Reports a problem through {@code error}; never changes the server (only start() may set the flags). */
    public static void verify(RedisEndpoint endpoint, boolean cluster, String configureHint, String skipHint,
                              Consumer<String> error) {
        verify(endpoint, cluster, ReadFrom.PRIMARY, configureHint, skipHint, error);
    }

    /** As {@link #verify(RedisEndpoint, boolean, String, String, Consumer)}, on the nodes {@code readFrom} reads. */
    public static void verify(RedisEndpoint endpoint, boolean cluster, ReadFrom readFrom, String configureHint,
                              String skipHint, Consumer<String> error) {
        for (RedisEndpoint server : cluster ? readFrom.nodes(endpoint) : List.of(endpoint)) {
            RedisClient client = server.newClient();
            try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
                String problem = NotificationSettings.check(connection.sync(), server.describe(), false,
                        configureHint, skipHint);
                if (problem != null) {
                    error.accept(problem);
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
