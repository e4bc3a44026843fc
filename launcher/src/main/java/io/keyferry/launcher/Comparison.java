package io.keyferry.launcher;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;

/** Runs the keyspace comparison between two servers and closes what it opened. */
final class Comparison {
    private Comparison() {
    }

    static ComparisonReport run(RedisURI source, RedisURI target, CompareOptions options) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<byte[], byte[]> from = client.connect(ByteArrayCodec.INSTANCE, source);
             StatefulRedisConnection<byte[], byte[]> to = client.connect(ByteArrayCodec.INSTANCE, target)) {
            return new KeyspaceComparator(from, to, options).compare();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
