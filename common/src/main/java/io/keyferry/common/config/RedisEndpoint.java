package io.keyferry.common.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;

/**
 * A configured Redis server: opens binary-safe connections to it. Commands issued while a connection is
 * down fail at once instead of queueing without bound, so callers see the outage and apply their own
 * retry policy; Lettuce reconnects in the background.
 */
public final class RedisEndpoint {
    private final RedisURI uri;
    private final Duration connectTimeout;

    public RedisEndpoint(RedisURI uri, Duration connectTimeout) {
        this.uri = uri;
        this.connectTimeout = connectTimeout;
    }

    public RedisURI uri() {
        return uri;
    }

    public int database() {
        return uri.getDatabase();
    }

    /** host:port/database, never credentials: safe for logs and messages. */
    public String describe() {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    public RedisClient newClient() {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(uri.getTimeout()))
                .build());
        return client;
    }

    public static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client) {
        return client.connect(ByteArrayCodec.INSTANCE);
    }
}
