package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Copies a Redis database into a Kafka topic, one record per key (see docs/record-format.md). A standalone
 * database is one unit of work, so it runs one task whatever {@code tasks.max} says.
 */
public class RedisSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return RedisSourceConnectorConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config validated = super.validate(connectorConfigs);
        ConnectionCheck.verify(validated, connectorConfigs, RedisSourceConnectorConfig::new);
        return validated;
    }

    @Override
    public void start(Map<String, String> props) {
        new RedisSourceConnectorConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RedisSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Full-state records make duplicates harmless; exactly-once delivery is not needed and not offered.
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public void stop() {
    }
}
