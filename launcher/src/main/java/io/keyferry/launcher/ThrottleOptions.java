package io.keyferry.launcher;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Limits that let a migration run beside production traffic: the connectors' redis.throttle.* keys. */
final class ThrottleOptions {
    @Option(names = "--source-keys-per-second", defaultValue = "0", paramLabel = "N",
            description = "Read at most N keys a second from the source (0, the default: no limit).")
    long sourceKeysPerSecond;

    @Option(names = "--source-bytes-per-second", defaultValue = "0", paramLabel = "N",
            description = "Read at most N bytes of keys and values a second from the source (0: no limit).")
    long sourceBytesPerSecond;

    @Option(names = "--target-writes-per-second", defaultValue = "0", paramLabel = "N",
            description = "Write at most N keys a second to the target (0: no limit).")
    long targetWritesPerSecond;

    Map<String, String> sourceConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("redis.throttle.keys.per.second", String.valueOf(sourceKeysPerSecond));
        config.put("redis.throttle.bytes.per.second", String.valueOf(sourceBytesPerSecond));
        return config;
    }

    Map<String, String> sinkConfig() {
        return Map.of("redis.throttle.writes.per.second", String.valueOf(targetWritesPerSecond));
    }
}
