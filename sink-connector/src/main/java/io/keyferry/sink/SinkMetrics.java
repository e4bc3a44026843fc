package io.keyferry.sink;

import io.keyferry.common.metrics.PluginGauges;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The sink task's counters, published through Connect's plugin metrics (JMX group
 * {@code kafka.connect:type=plugins,connector=…,task=…}). They read the counters of the stages that own them.
 */
final class SinkMetrics implements AutoCloseable {
    private final PluginGauges gauges;

    SinkMetrics(PluginMetrics metrics, Supplier<Long> fallbacks, Supplier<Long> writeRetries, Supplier<Long> rejected) {
        gauges = new PluginGauges(metrics);
        gauges.add("fallbacks", "Records written type by type because the target rejected their RESTORE "
                + "(redis.write.mode=auto)", fallbacks);
        gauges.add("write-retries", "Writes retried after a transient error", writeRetries);
        gauges.add("records-rejected", "Records that could not be written (sent to the errant record reporter, "
                + "or that failed the task)", rejected);
    }

    @Override
    public void close() {
        gauges.close();
    }
}
