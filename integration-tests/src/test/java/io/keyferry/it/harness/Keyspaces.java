package io.keyferry.it.harness;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.lettuce.core.api.StatefulConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The oracle of the integration tests: the comparison utility users get, run between two test deployments,
 * each a standalone server or a cluster.
 */
public final class Keyspaces {
    private Keyspaces() {
    }

    public static ComparisonReport compare(RedisDeployment source, RedisDeployment target) {
        try (StatefulConnection<byte[], byte[]> from = source.connectBinary();
             StatefulConnection<byte[], byte[]> to = target.connectBinary()) {
            return new KeyspaceComparator(from, to, CompareOptions.defaults()).compare();
        }
    }

    /**
     * Waits until the target holds as many keys as the source and then until the comparison finds no
     * difference; returns the last comparison, identical or not, for the test to assert on.
     */
    public static ComparisonReport awaitEqual(RedisDeployment source, RedisDeployment target, Duration timeout) {
        AtomicReference<ComparisonReport> last = new AtomicReference<>();
        try {
            Await.until("the target to hold as many keys as the source", timeout,
                    () -> target.dbsize() == source.dbsize(),
                    () -> "source " + source.dbsize() + " keys, target " + target.dbsize());
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
