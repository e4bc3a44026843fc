package io.keyferry.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyferry.sink.RedisSinkConnector;
import io.keyferry.source.RedisSourceConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real Kafka broker (KRaft) and Connect worker in this JVM, started once per test class, with the
 * connectors found the way a production worker finds them ({@code plugin.discovery=service_load}).
 */
public final class ConnectCluster implements AutoCloseable {
    /** How long a task's metric may take to be published after a deploy, on a loaded machine. */
    private static final Duration METRIC_APPEARS = Duration.ofSeconds(60);

    private final EmbeddedConnectCluster connect;

    private ConnectCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    public static ConnectCluster start(String name) {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        // Frequent offset commits keep resume tests short; production keeps the default.
        worker.put("offset.flush.interval.ms", "500");
        // As config/connect-distributed.properties: secrets come from files, not the connector configs.
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        // The log cleaner looks for topics to compact every second (15 s by default): compaction tests wait less.
        broker.put("log.cleaner.backoff.ms", "1000");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name(name).numWorkers(1)
                .workerProps(worker).brokerProps(broker).build();
        connect.start();
        return new ConnectCluster(connect);
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    /** A compacted topic, as docs/record-format.md recommends. */
    public void createTopic(String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions, 1, Map.of("cleanup.policy", "compact"));
    }

    /**
     * A connector config shipped in config/ (the {@code config} object of its JSON file), as users deploy it;
     * the caller points it at the test's servers and topic.
     */
    public static Map<String, String> shippedConfig(String file) {
        Path path = Path.of(System.getProperty("keyferry.config.dir", "../config"), file);
        try {
            JsonNode config = new ObjectMapper().readTree(path.toFile()).get("config");
            Map<String, String> values = new HashMap<>();
            config.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped config " + path, e);
        }
    }

    /**
     * A shipped source config ({@code source.json}, {@code source-live.json}) reading {@code source} into
     * {@code topic}.
     */
    public static Map<String, String> shippedSourceConfig(String file, RedisDeployment source, String topic) {
        Map<String, String> config = shippedConfig(file);
        config.put("redis.uri", source.uri());
        config.put("redis.topic", topic);
        return config;
    }

    /** A shipped sink config ({@code sink.json}, …) writing {@code topic} into {@code target}. */
    public static Map<String, String> shippedSinkConfig(String file, RedisDeployment target, String topic) {
        Map<String, String> config = shippedConfig(file);
        config.put("redis.uri", target.uri());
        config.put("topics", topic);
        return config;
    }

    /** A snapshot source reading {@code source} (a server, or a cluster through its seed node). */
    public static Map<String, String> sourceConfig(RedisDeployment source, String topic, int partitions) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", RedisSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("redis.uri", source.uri());
        config.put("redis.topic", topic);
        config.put("redis.topic.partitions", String.valueOf(partitions));
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        return config;
    }

    /** A source in live mode: snapshot, then changes, resyncing through this cluster's Kafka. */
    public Map<String, String> liveSourceConfig(RedisDeployment source, String topic, int partitions) {
        Map<String, String> config = sourceConfig(source, topic, partitions);
        config.put("redis.mode", "live");
        config.put("redis.resync.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        return config;
    }

    /**
     * A plugin metric of a connector's task, read over JMX as an operator would. A task that has not started yet,
     * or not registered that gauge yet, is waited for (waits on a metric may begin right after a deploy); a
     * metric still missing after {@link #METRIC_APPEARS} fails the test, so a misspelt name or task is not read
     * as 0.
     */
    public long taskMetric(String connector, int task, String metric) {
        ObjectName name = taskMetrics(connector, task);
        Await.until(metric + " of " + connector + " task " + task + " to be published", METRIC_APPEARS,
                () -> read(name, metric) != null);
        return read(name, metric);
    }

    private static ObjectName taskMetrics(String connector, int task) {
        try {
            return new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=" + task);
        } catch (JMException e) {
            throw new AssertionError("not a connector name for JMX: " + connector, e);
        }
    }

    /** @return the metric's value, or null while the task or its gauge is not registered */
    private static Long read(ObjectName name, String metric) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, metric)).longValue();
        } catch (InstanceNotFoundException | AttributeNotFoundException e) {
            return null;
        } catch (JMException e) {
            throw new AssertionError("cannot read " + metric + " of " + name, e);
        }
    }

    /** A sink writing into {@code target}: a server, or a cluster through its seed node. */
    public static Map<String, String> sinkConfig(RedisDeployment target, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", RedisSinkConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topics", topic);
        config.put("redis.uri", target.uri());
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        return config;
    }

    public void deploy(String name, Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    public void awaitRunning(String name) {
        Await.until("connector " + name + " and its tasks to run", Duration.ofSeconds(60),
                () -> running(name), () -> describe(name));
    }

    /** The states of the connector and its tasks, with the trace of any that failed: for failure messages. */
    public String describe(String name) {
        ConnectorStateInfo status = status(name);
        if (status == null) {
            return name + ": no status";
        }
        StringBuilder text = new StringBuilder(name + ": connector " + status.connector().state());
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            text.append(", task ").append(task.id()).append(' ').append(task.state());
            if (task.trace() != null) {
                text.append(" (").append(task.trace()).append(')');
            }
        }
        return text.toString();
    }

    /**
     * Restarts the connector and its tasks, which start again as on a restarted worker: from their stored
     * configs and committed offsets, and without the validation a deploy runs.
     */
    public void restartWithTasks(String name) {
        connect.restartConnectorAndTasks(name, false, true, false);
    }

    /** Whether the connector and all its tasks run (none failed). */
    public boolean allRunning(String name) {
        return running(name);
    }

    public ConnectorStateInfo status(String name) {
        try {
            return connect.connectorStatus(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean running(String name) {
        ConnectorStateInfo status = status(name);
        return status != null && "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    /** Waits until a task of the connector has failed and returns its trace (the failure message). */
    public String awaitTaskFailure(String name) {
        Await.until("a task of " + name + " to fail", Duration.ofSeconds(60),
                () -> failedTrace(name) != null, () -> String.valueOf(status(name)));
        return failedTrace(name);
    }

    private String failedTrace(String name) {
        ConnectorStateInfo status = status(name);
        if (status == null) {
            return null;
        }
        return status.tasks().stream().filter(t -> "FAILED".equals(t.state()))
                .map(ConnectorStateInfo.AbstractState::trace).findFirst().orElse(null);
    }

    public void delete(String name) {
        connect.deleteConnector(name);
    }

    /** Deletes every connector, so a failed test leaves nothing running into the next one. */
    public void deleteAll() {
        connect.connectors().forEach(connect::deleteConnector);
    }

    /** Hands every record the topic holds now, partition by partition in offset order, to {@code reader}. */
    public void readTopic(String topic, Consumer<ConsumerRecord<byte[], byte[]>> reader) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(
                Map.of("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofSeconds(1)).forEach(reader);
            }
        }
    }

    /** How many records the topic holds: the sum of its partitions' end offsets. */
    public long recordCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(Map.of())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            List<TopicPartition> topicPartitions = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(topicPartitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public void close() {
        connect.stop();
    }
}
