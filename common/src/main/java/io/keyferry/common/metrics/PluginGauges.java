package io.keyferry.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's gauges in Connect's plugin metrics (JMX group {@code kafka.connect:type=plugins,connector=…,task=…}),
 * removed again by {@link #close()} so a restarted task does not find its predecessor's. Without plugin
 * metrics (a task run outside a worker) gauges are simply not published.
 */
public final class PluginGauges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginGauges.class);
    private final PluginMetrics metrics;
    private final List<MetricName> registered = new ArrayList<>();

    /** @param metrics the task context's plugin metrics, or null */
    public PluginGauges(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    public void add(String name, String description, Supplier<Long> value) {
        if (metrics == null) {
            return;
        }
        MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>());
        try {
            metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> value.get());
        } catch (IllegalArgumentException alreadyThere) {
            // An earlier instance of this task that Connect gave up stopping (its stop() timed out in a
            // rebalance, say) still holds the name, and only it may remove it: a metric is not worth failing
            // this instance's start for.
            log.warn("Gauge {} of {} is still held by an earlier instance of this task that Connect could not stop; "
                    + "it is not published for this instance", name, metricName.tags());
            return;
        }
        registered.add(metricName);
    }

    @Override
    public void close() {
        if (metrics != null) {
            registered.forEach(metrics::removeMetric);
        }
        registered.clear();
    }
}
