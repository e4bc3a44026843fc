package io.keyferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launcher deploys the converters and client settings of the shipped configs: they cannot drift apart. */
class MigrationPlanTest {
    private static final Pattern SHARED =
            Pattern.compile("(key|value|header)\\.converter|(producer|consumer)\\.override\\..*");

    private static final MigrationPlan PLAN = new MigrationPlan("m", "t", 8, "snapshot", "notifications", false, true,
            "localhost:9092", options(), new ThrottleOptions(), 1, false);

    private static RedisOptions options() {
        RedisOptions redis = new RedisOptions();
        redis.source = "redis://localhost:6379";
        redis.target = "redis://localhost:6380";
        return redis;
    }

    @Test
    void sourceCarriesTheShippedSourceSettings() throws IOException {
        assertShared("source.json", PLAN.sourceConfig());
        assertShared("source-live.json", PLAN.sourceConfig());
    }

    @Test
    void sinkCarriesTheShippedSinkSettings() throws IOException {
        assertShared("sink.json", PLAN.sinkConfig());
    }

    private static void assertShared(String file, Map<String, String> deployed) throws IOException {
        Map<String, String> shipped = new HashMap<>();
        JsonNode config = new ObjectMapper().readTree(Path.of("..", "config", file).toFile()).get("config");
        config.fields().forEachRemaining(e -> {
            if (SHARED.matcher(e.getKey()).matches()) {
                shipped.put(e.getKey(), e.getValue().asText());
            }
        });
        assertFalse(shipped.isEmpty(), file + " has converters and client settings");
        shipped.forEach((key, value) -> assertEquals(value, deployed.get(key), key + " of " + file));
    }
}
