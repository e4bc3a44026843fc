package io.keyferry.sink;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

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
        checkClusterDatabase(validated, connectorConfigs);
        ConnectionCheck.verify(validated, connectorConfigs, RedisSinkConnectorConfig::new);
        return validated;
    }

    /**
     * A cluster has database 0 only, and a database in {@code redis.uri} is a user's mistake worth stopping
     * for. Asked only when the URI names another database, before the reachability check, whose connection
     * would fail on a cluster with a less helpful SELECT error.
     */
    private static void checkClusterDatabase(Config validated, Map<String, String> connectorConfigs) {
        if (validated.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return;
        }
        RedisEndpoint endpoint = new RedisSinkConnectorConfig(connectorConfigs).endpoint();
        if (endpoint.database() == 0) {
            return;
        }
        boolean cluster;
        try {
            cluster = endpoint.isCluster();
        } catch (RedisException e) {
            return; // Unreachable, or an ACL that refuses INFO: the reachability check or the task says so.
        }
        if (cluster) {
            validated.configValues().stream().filter(v -> v.name().equals(RedisSinkConnectorConfig.URI))
                    .forEach(v -> v.addErrorMessage(RedisSinkConnectorConfig.clusterDatabaseProblem(endpoint)));
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
