package io.keyferry.launcher;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keyferry compare}: source vs target, exit status 1 when they differ. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a target with its source key by key: missing and extra keys, types, values "
                + "and TTLs. Values are compared logically (not as DUMP bytes), so databases of different "
                + "versions compare equal when they hold the same data.",
                "Exit status: 0 when identical, 1 when they differ, 2 on error."})
final class CompareCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--match", paramLabel = "GLOB", description = "Compare only the keys matching this glob.")
    String match;

    @Option(names = "--ttl-tolerance-ms", defaultValue = "2000",
            description = "Largest TTL difference that still counts as equal (default: ${DEFAULT-VALUE}).")
    long ttlToleranceMillis;

    @Option(names = "--sample", defaultValue = "1.0", paramLabel = "RATE",
            description = "Share of the keys to compare, e.g. 0.01 for a quick check of a huge database "
                    + "(default: ${DEFAULT-VALUE}, every key).")
    double sampleRate;

    @Override
    public Integer call() {
        CompareOptions options = CompareOptions.defaults().withMatch(match).withTtlToleranceMillis(ttlToleranceMillis)
                .withSampleRate(sampleRate);
        ComparisonReport report = Comparison.run(redis.sourceEndpoint(), redis.targetEndpoint(), options);
        System.out.println(report);
        return report.identical() ? 0 : 1;
    }
}
