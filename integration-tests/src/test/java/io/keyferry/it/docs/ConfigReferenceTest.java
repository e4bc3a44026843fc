package io.keyferry.it.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyferry.sink.RedisSinkConnectorConfig;
import io.keyferry.source.RedisSourceConnectorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

/** The README's configuration reference must be exactly what {@link ConfigReference} generates from the ConfigDefs. */
class ConfigReferenceTest {

    /** README.md: system property {@code keyferry.readme}, default {@code ../README.md}, relative to the module dir. */
    private static Path readme() {
        String configured = System.getProperty("keyferry.readme", "../README.md");
        Path path = Paths.get(configured);
        if (!path.isAbsolute()) {
            // Surefire sets basedir to the module directory (and runs there); fall back to the working directory.
            String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
            path = Paths.get(basedir).resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    @Test
    void readmeConfigurationReferenceIsUpToDate() throws IOException {
        Path readme = readme();
        String howToFix = "Regenerate it from the repository root with:\n  " + ConfigReference.REGENERATE_COMMAND;
        if (!Files.exists(readme)) {
            fail(readme + " does not exist. " + howToFix);
        }
        String region = ConfigReference.region(Files.readString(readme, StandardCharsets.UTF_8));
        if (region == null) {
            fail(readme + " has no region between the lines " + ConfigReference.START_MARKER + " and "
                    + ConfigReference.END_MARKER + ". " + howToFix);
        }
        assertEquals(ConfigReference.reference(), region,
                "The configuration reference in " + readme + " is out of date with the connectors' ConfigDefs. "
                        + howToFix + "\n");
    }

    @Test
    void everyKeyHasDocumentationAndAGroup() {
        List<String> problems = new ArrayList<>();
        check("source", RedisSourceConnectorConfig.CONFIG_DEF, problems);
        check("sink", RedisSinkConnectorConfig.CONFIG_DEF, problems);
        assertTrue(problems.isEmpty(), "Undocumented or ungrouped configuration keys:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void sectionsListEveryGroupAndKey() {
        String source = ConfigReference.markdown("Source connector", RedisSourceConnectorConfig.CONFIG_DEF);
        String sink = ConfigReference.markdown("Sink connector", RedisSinkConnectorConfig.CONFIG_DEF);
        assertTrue(source.startsWith("### Source connector\n"), source);
        assertTrue(sink.startsWith("### Sink connector\n"), sink);
        for (Map.Entry<String, ConfigDef> entry : Map.of(source, RedisSourceConnectorConfig.CONFIG_DEF,
                sink, RedisSinkConnectorConfig.CONFIG_DEF).entrySet()) {
            for (String group : entry.getValue().groups()) {
                assertTrue(entry.getKey().contains("\n#### " + group + "\n"), "no heading for group " + group);
            }
            for (String name : entry.getValue().names()) {
                assertTrue(entry.getKey().contains("| `" + name + "` |"), "no row for key " + name);
            }
        }
        // Required keys, null and empty defaults, and a password never shows a value.
        assertTrue(source.contains("| `redis.uri` | string | (required) |"), source);
        assertTrue(source.contains("| `redis.password` | password | (none) |"), source);
        assertTrue(source.contains("| `redis.scan.match` | string | `\"\"` |"), source);
    }

    private static void check(String connector, ConfigDef def, List<String> problems) {
        assertNotNull(def, connector + " ConfigDef");
        for (ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            if (key.documentation == null || key.documentation.isBlank()) {
                problems.add(connector + ": " + key.name + " has no documentation");
            }
            if (key.group == null || key.group.isBlank()) {
                problems.add(connector + ": " + key.name + " has no group");
            }
        }
    }
}
