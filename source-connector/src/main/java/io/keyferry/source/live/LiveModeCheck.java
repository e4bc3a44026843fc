package io.keyferry.source.live;

import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.function.Consumer;

/** The part of {@code validate()} that live modes add: notifications must be on (or allowed to be set). */
public final class LiveModeCheck {
    private LiveModeCheck() {
    }

    /** Reports a problem through {@code error}; never changes the server (only start() may set the flags). */
    public static void verify(RedisEndpoint endpoint, String configureKey, Consumer<String> error) {
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
            String problem = NotificationSettings.check(connection.sync(), endpoint.describe(), false, configureKey);
            if (problem != null) {
                error.accept(problem);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
