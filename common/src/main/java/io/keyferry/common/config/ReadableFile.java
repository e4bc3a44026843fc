package io.keyferry.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts an empty value, or the path of a file this worker can read (checked where the connector is validated). */
final class ReadableFile implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
            return;
        }
        Path path = Path.of(value.toString());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(name, value, "no readable file at this path on the Connect worker");
        }
    }

    @Override
    public String toString() {
        return "path of a readable file";
    }
}
