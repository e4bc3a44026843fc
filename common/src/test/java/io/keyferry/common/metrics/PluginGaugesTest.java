package io.keyferry.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class PluginGaugesTest {
    private static final Map<String, String> TASK = Map.of("connector", "sink", "task", "0");

    @Test
    void aTaskStartedBeforeItsPredecessorWasStoppedStartsAnyway() {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl abandoned = new PluginMetricsImpl(registry, TASK);
            new PluginGauges(abandoned).add("keys-written", "Writes", () -> 1L);

            PluginMetricsImpl restarted = new PluginMetricsImpl(registry, TASK);
            PluginGauges gauges = new PluginGauges(restarted);
            gauges.add("keys-written", "Writes", () -> 2L);
            gauges.add("lag-ms", "Lag", () -> 3L);

            assertEquals(1L, registry.metric(name(restarted, "keys-written")).metricValue(), "still the earlier one's");
            assertEquals(3L, registry.metric(name(restarted, "lag-ms")).metricValue());
            gauges.close();
        }
    }

    private static MetricName name(PluginMetricsImpl metrics, String name) {
        return metrics.metricName(name, "", new LinkedHashMap<>());
    }
}
