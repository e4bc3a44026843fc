package io.keyferry.it.harness;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * What a Connect worker hands a source task, for driving a task's lifecycle directly (start, poll, stop)
 * in tests that count threads or check start-up failures. The stored offset is whatever the test sets.
 */
public final class StandaloneTaskContext implements SourceTaskContext, AutoCloseable {
    private final Map<String, String> configs;
    private final Metrics metrics = new Metrics();
    private Map<String, Object> storedOffset;

    public StandaloneTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    public void storedOffset(Map<String, Object> offset) {
        this.storedOffset = offset;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return storedOffset;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> offsets = new HashMap<>();
                partitions.forEach(partition -> offsets.put(partition, storedOffset));
                return offsets;
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return new PluginMetricsImpl(metrics, Map.of("task", "standalone"));
    }

    @Override
    public void close() {
        metrics.close();
    }
}
