package io.keyferry.it.docs;

import io.keyferry.sink.RedisSinkConnectorConfig;
import io.keyferry.source.RedisSourceConnectorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders the connectors' {@link ConfigDef}s as the Markdown configuration reference of the README, so the
 * documentation is generated from the definitions and cannot drift from them ({@code ConfigReferenceTest}
 * fails when the README is out of date).
 *
 * <p>{@link #main(String[])} rewrites the region of a file between {@link #START_MARKER} and
 * {@link #END_MARKER}. Regenerate the README from the repository root with {@link #REGENERATE_COMMAND}.
 */
public final class ConfigReference {
    public static final String START_MARKER = "<!-- config-reference:start -->";
    public static final String END_MARKER = "<!-- config-reference:end -->";

    /** The command, run from the repository root, that rewrites the README's region. */
    public static final String REGENERATE_COMMAND = "./mvnw -q -B install -Dmaven.test.skip=true"
            + " -pl common,source-connector,sink-connector"
            + " && ./mvnw -q -B -pl integration-tests test-compile exec:java@config-reference";

    private static final String NO_GROUP = "Other";

    private ConfigReference() {
    }

    /**
     * The whole generated region (without the marker lines): both connectors, each with one table per group. It
     * starts and ends with a blank line, so that the marker comments never run into a heading or a table.
     */
    public static String reference() {
        return "\n"
                + markdown("Source connector", RedisSourceConnectorConfig.CONFIG_DEF)
                + "\n"
                + markdown("Sink connector", RedisSinkConnectorConfig.CONFIG_DEF)
                + "\n";
    }

    /**
     * One connector's section: a {@code ### title} heading, then for each group (in the order of
     * {@link ConfigDef#groups()}) a {@code #### group} heading and a table of its keys, ordered by
     * {@link ConfigKey#orderInGroup} and, for equal orders, by the order in which they were defined.
     */
    public static String markdown(String connectorTitle, ConfigDef def) {
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        for (String group : def.groups()) {
            byGroup.put(group, new ArrayList<>());
        }
        for (ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            String group = key.group == null || key.group.isEmpty() ? NO_GROUP : key.group;
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
        }

        StringBuilder out = new StringBuilder();
        out.append("### ").append(connectorTitle).append("\n");
        for (Map.Entry<String, List<ConfigKey>> group : byGroup.entrySet()) {
            List<ConfigKey> keys = group.getValue();
            if (keys.isEmpty()) {
                continue;
            }
            // List.sort is stable: keys with the same orderInGroup keep their definition order.
            keys.sort(Comparator.comparingInt(k -> k.orderInGroup));
            out.append("\n#### ").append(group.getKey()).append("\n\n");
            out.append("| Key | Type | Default | Valid values | Importance | Description |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                out.append("| ").append(cell("`" + key.name + "`"))
                        .append(" | ").append(cell(key.type.name().toLowerCase(Locale.ROOT)))
                        .append(" | ").append(cell(defaultValue(key)))
                        .append(" | ").append(cell(key.validator == null ? "" : key.validator.toString()))
                        .append(" | ").append(cell(key.importance == null ? ""
                                : key.importance.name().toLowerCase(Locale.ROOT)))
                        .append(" | ").append(cell(key.documentation == null ? "" : key.documentation))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "(hidden)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        if (text == null) {
            return "(none)";
        }
        if (text.isEmpty()) {
            return "`\"\"`";
        }
        return "`" + text + "`";
    }

    /** Makes text safe for one Markdown table cell: no line breaks, and {@code |} escaped. */
    private static String cell(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|").trim();
    }

    /** The text between the marker lines of {@code document}, or null when the markers are missing. */
    public static String region(String document) {
        String text = document.replace("\r\n", "\n");
        int start = text.indexOf(START_MARKER + "\n");
        if (start < 0) {
            return null;
        }
        int from = start + START_MARKER.length() + 1;
        int end = text.indexOf(END_MARKER, from);
        if (end < 0 || (end > 0 && text.charAt(end - 1) != '\n')) {
            return null;
        }
        return text.substring(from, end);
    }

    /**
     * {@code document} with the region between the markers replaced by {@code content}. A document without the
     * markers gets a {@code ## Configuration reference} section, with the markers, appended at its end.
     */
    static String withRegion(String document, String content) {
        String text = document.replace("\r\n", "\n");
        int start = text.indexOf(START_MARKER + "\n");
        int end = start < 0 ? -1 : text.indexOf(END_MARKER, start + START_MARKER.length() + 1);
        if (start < 0 || end < 0) {
            String prefix = text.isEmpty() || text.endsWith("\n\n") ? text
                    : text.endsWith("\n") ? text + "\n" : text + "\n\n";
            return prefix + "## Configuration reference\n\n" + START_MARKER + "\n" + content + END_MARKER + "\n";
        }
        int from = start + START_MARKER.length() + 1;
        return text.substring(0, from) + content + text.substring(end);
    }

    /** Rewrites the marked region of the file {@code args[0]} (usually README.md) with the generated reference. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConfigReference <path of README.md>");
        }
        Path file = Paths.get(args[0]).toAbsolutePath().normalize();
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        boolean hadMarkers = region(before) != null;
        String after = withRegion(before, reference());
        if (Objects.equals(before, after)) {
            System.out.println("Configuration reference in " + file + " is up to date.");
            return;
        }
        Files.writeString(file, after, StandardCharsets.UTF_8);
        System.out.println((hadMarkers ? "Rewrote the configuration reference in "
                : "Added a configuration reference to ") + file);
    }
}
