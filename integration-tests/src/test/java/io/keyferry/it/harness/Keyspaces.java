package io.keyferry.it.harness;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.keyferry.common.record.StagingKeys;
import io.lettuce.core.api.StatefulConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The oracle of the integration tests: the comparison utility users get, run between two test deployments,
 * each a standalone server or a cluster.
 */
public final class Keyspaces {
    private Keyspaces() {
    }

    /** The keys of a deployment, less the sink's staging and marker keys ({@link StagingKeys}). */
    public static long keys(RedisDeployment deployment) {
        long keys = deployment.dbsize();
        if (keys == 0) {
            return 0;
        }
        try (RedisDeployment.StringConnection connection = deployment.connectStrings()) {
            return keys - connection.sync().keys("keyferry:*").stream()
                    .filter(key -> StagingKeys.isStagingKey(key.getBytes(StandardCharsets.UTF_8))).count();
        }
    }

    public static ComparisonReport compare(RedisDeployment source, RedisDeployment target) {
        try (StatefulConnection<byte[], byte[]> from = source.connectBinary();
             StatefulConnection<byte[], byte[]> to = target.connectBinary()) {
            return new KeyspaceComparator(from, to, CompareOptions.defaults()).compare();
        }
    }

    /**
     * Waits until the target holds as many keys as the source (besides the sink's staging keys of big keys) and
     * then until the comparison finds no difference; returns the last comparison, identical or not, for the
     * test to assert on.
     */
    public static ComparisonReport awaitEqual(RedisDeployment source, RedisDeployment target, Duration timeout) {
        AtomicReference<ComparisonReport> last = new AtomicReference<>();
        try {
            Await.until("the target to hold as many keys as the source", timeout,
                    () -> keys(target) == source.dbsize(),
                    () -> "source " + source.dbsize() + " keys, target " + keys(target));
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

    /**
     * Waits until the target holds exactly the source's keys that {@code selected} accepts (besides the sink's
     * staging keys), none of them empty, each with the source's value; for string keys.
     */
    public static void awaitSelection(RedisDeployment source, RedisServer target, Predicate<String> selected,
                                      Duration timeout) {
        try (RedisDeployment.StringConnection from = source.connectStrings()) {
            Await.until("the target to hold the source's selection", timeout, () -> {
                Set<String> expected = from.sync().keys("*").stream().filter(selected)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> held = target.syncStrings().keys("*").stream()
                        .filter(key -> !StagingKeys.isStagingKey(key.getBytes(StandardCharsets.UTF_8)))
                        .collect(Collectors.toCollection(TreeSet::new));
                return !expected.isEmpty() && expected.equals(held)
                        && expected.stream()
                                .allMatch(key -> from.sync().get(key).equals(target.syncStrings().get(key)));
            }, () -> "source selection " + from.sync().keys("*").stream().filter(selected).count()
                    + " keys, target " + target.sync().dbsize());
        }
    }
}
