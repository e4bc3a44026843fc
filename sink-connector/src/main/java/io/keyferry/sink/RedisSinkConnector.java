package io.keyferry.sink;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Writes the records of a Keyferry topic into a Redis target (see docs/record-format.md). Tasks share the
 * topic's partitions, so {@code tasks.max} up to the partition count writes in parallel; a key's records
 * stay in one partition and are written in order.
 */
public class RedisSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return RedisSinkConnectorConfig.CONFIG_DEF;
    }

    /**
     * Rewinding the sink's offsets ({@code PATCH /connectors/<name>/offsets}) replays the topic into the target. An
     * offset for a topic the connector does not consume would be stored and never used: it is refused.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        List<String> topics = Arrays.stream(connectorConfig.getOrDefault(TOPICS_CONFIG, "").split(","))
                .map(String::trim).filter(topic -> !topic.isEmpty()).toList();
        String regex = connectorConfig.getOrDefault(SinkTask.TOPICS_REGEX_CONFIG, "").trim();
        Pattern pattern = regex.isEmpty() ? null : Pattern.compile(regex);
        for (TopicPartition partition : offsets.keySet()) {
            if (!topics.contains(partition.topic())
                    && (pattern == null || !pattern.matcher(partition.topic()).matches())) {
                throw new ConnectException("The connector does not consume topic " + partition.topic() + " (topics="
                        + String.join(",", topics) + (pattern == null ? "" : ", topics.regex=" + regex)
                        + "): an offset for it would never be used");
            }
        }
        return true;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config validated = super.validate(connectorConfigs);
        if (validated.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            String problem = new RedisSinkConnectorConfig(connectorConfigs).waitTimeoutProblem();
            if (problem != null) {
                validated.configValues().stream().filter(v -> v.name().equals(RedisSinkConnectorConfig.WAIT_TIMEOUT_MS))
                        .forEach(v -> v.addErrorMessage(problem));
            }
        }
        if (Boolean.parseBoolean(String.valueOf(connectorConfigs.get(RedisSinkConnectorConfig.DRY_RUN)).trim())) {
            return validated; // a dry run never reaches the target
        }
        ConnectionCheck.verify(validated, connectorConfigs, RedisSinkConnectorConfig::new);
        if (validated.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            RedisSinkConnectorConfig config = new RedisSinkConnectorConfig(connectorConfigs);
            validated.configValues().stream().filter(v -> v.name().equals(RedisSinkConnectorConfig.URI)).findFirst()
                    .ifPresent(uri -> TargetPermissions.verify(config.endpoint(), config.waitReplicas() > 0,
                            uri::addErrorMessage));
            if (!config.databaseMap().fixed() && isCluster(config)) {
                validated.configValues().stream().filter(v -> v.name().equals(RedisSinkConnectorConfig.DATABASE_MAP))
                        .forEach(v -> v.addErrorMessage("A Redis Cluster target has database 0 only: leave "
                                + RedisSinkConnectorConfig.DATABASE_MAP + " empty, and every record goes into it"));
            }
        }
        return validated;
    }

    /** Whether the target is a cluster; a target lost since the connection check is left to the task. */
    private static boolean isCluster(RedisSinkConnectorConfig config) {
        try {
            return config.endpoint().isCluster();
        } catch (RedisException e) {
            return false;
        }
    }

    @Override
    public void start(Map<String, String> props) {
        RedisSinkConnectorConfig.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RedisSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }
}
