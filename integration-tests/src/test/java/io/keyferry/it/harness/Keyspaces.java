package io.keyferry.it.harness;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** The oracle of the integration tests: the comparison utility users get, run between two test servers. */
public final class Keyspaces {
    private Keyspaces() {
    }

    public static ComparisonReport compare(RedisServer source, RedisServer target) {
        RedisClient client = source.client();
        try (StatefulRedisConnection<byte[], byte[]> from = client.connect(ByteArrayCodec.INSTANCE);
             StatefulRedisConnection<byte[], byte[]> to = target.client().connect(ByteArrayCodec.INSTANCE)) {
            return new KeyspaceComparator(from, to, CompareOptions.defaults()).compare();
        }
    }

    /**
     * Waits until the target holds as many keys as the source and then until the comparison finds no
     * difference; returns the last comparison, identical or not, for the test to assert on.
     */
    public static ComparisonReport awaitEqual(RedisServer source, RedisServer target, Duration timeout) {
        AtomicReference<ComparisonReport> last = new AtomicReference<>();
        try {
            Await.until("the target to hold as many keys as the source", timeout,
                    () -> target.sync().dbsize().equals(source.sync().dbsize()));
        } catch (AssertionError timedOut) {
            return compare(source, target);
        }
        try {
            Await.until("the target to equal the source", Duration.ofSeconds(30), () -> {
                last.set(compare(source, target));
                return last.get().identical();
            }, () -> String.valueOf(last.get()));
        } catch (AssertionError timedOut) {
            // The caller asserts on the report, which names the differences.
        }
        return last.get();
    }
}
