package io.keyferry.source;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.rate.RateLimit;
import io.keyferry.common.record.SlotSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** A task's configuration: the connector's, plus the share of the slots the connector gave the task. */
public final class RedisSourceTaskConfig extends RedisSourceConnectorConfig {
    /** Set by the connector, not by users: the hash slots this task reads when the source is a cluster. */
    public static final String TASK_SLOTS = "redis.task.slots";

    /** Set by the connector: the slots this task reads of a standalone server split among several tasks. */
    public static final String TASK_SERVER_SLOTS = "redis.task.server.slots";
    /** Set by the connector: the database this task reads, when the connector reads several (redis.databases). */
    public static final String TASK_DATABASE = "redis.task.database";
    /** Set by the connector: how many tasks share the connector's throttle limits. */
    public static final String TASK_COUNT = "redis.task.count";

    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .defineInternal(TASK_SLOTS, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH)
            .defineInternal(TASK_SERVER_SLOTS, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH)
            .defineInternal(TASK_DATABASE, ConfigDef.Type.INT, null, ConfigDef.Importance.HIGH)
            .defineInternal(TASK_COUNT, ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW);

    public RedisSourceTaskConfig(Map<?, ?> originals) {
        super(TASK_CONFIG_DEF, originals);
    }

    /** The connector's configuration for a task reading {@code slots} of a cluster. */
    static Map<String, String> forSlots(Map<String, String> connectorProps, SlotSet slots, int tasks) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_SLOTS, slots.toString());
        props.put(TASK_COUNT, String.valueOf(tasks));
        return props;
    }

    /** The connector's configuration for a task reading {@code slots} of a standalone server. */
    static Map<String, String> forServerSlots(Map<String, String> connectorProps, SlotSet slots, int tasks) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_SERVER_SLOTS, slots.toString());
        props.put(TASK_COUNT, String.valueOf(tasks));
        return props;
    }

    /**
     * The slots this task reads of a standalone server: its share when the connector split the server among
     * several tasks, else redis.key.slots.
     */
    public SlotSet serverSlots() {
        String slots = getString(TASK_SERVER_SLOTS);
        return slots == null ? keySlots() : SlotSet.parse(slots);
    }

    /** The connector's configuration for the task reading {@code database} of a standalone server. */
    static Map<String, String> forDatabase(Map<String, String> connectorProps, int database, int tasks) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_DATABASE, String.valueOf(database));
        props.put(TASK_COUNT, String.valueOf(tasks));
        return props;
    }

    /** The server, in the database this task reads. */
    @Override
    public RedisEndpoint endpoint() {
        Integer database = getInt(TASK_DATABASE);
        return database == null ? super.endpoint() : super.endpoint().inDatabase(database);
    }

    /** redis.topic, with the task's database in place of ${database}. */
    @Override
    public String topic() {
        return super.topic().replace(DATABASE_PLACEHOLDER, String.valueOf(endpoint().database()));
    }

    /** This task's share of redis.throttle.keys.per.second. */
    public long taskKeysPerSecond() {
        return RateLimit.share(getLong(THROTTLE_KEYS), getInt(TASK_COUNT));
    }

    /** This task's share of redis.throttle.bytes.per.second. */
    public long taskBytesPerSecond() {
        return RateLimit.share(getLong(THROTTLE_BYTES), getInt(TASK_COUNT));
    }

    /** @return the slots of a cluster this task reads, or null when the source is a standalone server */
    public SlotSet taskSlots() {
        String slots = getString(TASK_SLOTS);
        return slots == null ? null : SlotSet.parse(slots);
    }
}
