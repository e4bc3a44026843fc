package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.source.live.LiveModeCheck;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
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
        if (validated.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            verifyLiveMode(validated, new RedisSourceConnectorConfig(connectorConfigs));
        }
        return validated;
    }

    private static void verifyLiveMode(Config validated, RedisSourceConnectorConfig config) {
        if (!config.mode().followsChanges()) {
            return;
        }
        Map<String, ConfigValue> values = validated.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        if (config.resyncConsumerConfig().getOrDefault("bootstrap.servers", "").toString().isBlank()) {
            values.get(RedisSourceConnectorConfig.RESYNC_BOOTSTRAP_SERVERS).addErrorMessage("Mode "
                    + config.mode().code() + " needs the Kafka cluster that holds " + config.topic()
                    + ": a resync reads the topic to find keys deleted while notifications were missed");
        }
        if (!config.configureNotifications()) {
            LiveModeCheck.verify(config.endpoint(), RedisSourceConnectorConfig.NOTIFICATIONS_CONFIGURE,
                    values.get(RedisSourceConnectorConfig.MODE)::addErrorMessage);
        }
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
