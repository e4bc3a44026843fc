package io.keyferry.source;

import io.keyferry.common.config.RedisConnectionConfig;
import io.keyferry.common.config.RegexValidator;
import io.keyferry.common.record.HeaderFormat;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.bigkey.BigKeyPolicy;
import io.keyferry.source.bigkey.BigKeys;
import io.keyferry.source.bigkey.PartSizes;
import io.keyferry.source.record.ValueFormat;
import io.keyferry.source.topology.ReadFrom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the source connector: connection, where records go, and which keys the snapshot reads. */
public class RedisSourceConnectorConfig extends RedisConnectionConfig {
    public static final String KAFKA_GROUP = "Kafka";
    public static final String TOPIC = "redis.topic";
    private static final String TOPIC_DOC = "Topic the key records are written to. A compacted topic "
            + "(cleanup.policy=compact) keeps the latest state of every key and can rebuild a target by replay.";
    public static final String TOPIC_PARTITIONS = "redis.topic.partitions";
    private static final String TOPIC_PARTITIONS_DOC = "Number of partitions the hash slots are spread over: "
            + "partition = slot * partitions / 16384. The topic must have at least this many partitions "
            + "(set topic.creation.default.partitions to the same value to let Connect create it).";

    public static final String FORMAT = "redis.format";
    private static final String FORMAT_DOC = "What a record's value holds. dump: the key's DUMP payload, raw bytes "
            + "(use value.converter=org.apache.kafka.connect.converters.ByteArrayConverter); the sink RESTOREs it. "
            + "struct: the key's type and typed content as a Connect Struct (byte strings as bytes, scores as doubles, "
            + "stream entries with their IDs; see docs/record-format.md), for a converter with schemas such as "
            + "JsonConverter with schemas.enable=true or Avro; the sink writes it type by type, and other "
            + "consumers can read it. Module-type keys cannot be carried in struct records.";

    public static final String RECORD_HEADERS = "redis.record.headers";
    private static final String RECORD_HEADERS_DOC = "How a record carries its metadata (operation, database, slot, "
            + "type, RDB version, expiry). compact: one header, redis.meta, holding them as name=value fields, e.g. "
            + "op=snapshot;db=0;slot=866;type=string;rdb.version=10;expire.at=1700000000000; the time the key was "
            + "read is the record's timestamp. separate: a header per field (redis.op, redis.db, redis.slot, "
            + "redis.type, redis.rdb.version, redis.expire.at, redis.event.time), as earlier versions of the "
            + "connector wrote, for consumers that read them by name; it costs every stage (converters, producer, "
            + "broker, consumer) more CPU. The sink reads both; a sink of an earlier version reads separate only, so "
            + "upgrade the sinks that read the topic first, or keep separate until they are.";

    public static final String MODE_GROUP = "Mode";
    public static final String MODE = "redis.mode";
    private static final String MODE_DOC = "snapshot: copy every key once, then stop producing. live: subscribe to "
            + "key-event notifications, copy every key, then keep copying each key that changes. liveonly: only "
            + "the changes, no initial copy. In live modes a restart, a lost notification connection, a full "
            + "change queue or a FLUSHALL, FLUSHDB or SWAPDB triggers a resync (a rescan plus a sweep of the topic "
            + "for deleted keys).";

    public static final String CAPTURE = "redis.capture";
    private static final String CAPTURE_DOC = "How live modes see changes. notifications: SCAN and DUMP for the "
            + "snapshot, then key-event notifications; works on managed services; a lost notification costs a "
            + "resync. replication: each task attaches to its server as a replica (PSYNC): the snapshot comes from "
            + "the RDB the server streams, then every write of the replication stream, FLUSHALL and scripts "
            + "included; a restarted task continues the stream where its offsets stand (a partial resync), and "
            + "syncs in full only when the server's backlog no longer holds the gap. Needs a server that allows "
            + "PSYNC (self-hosted Redis, Valkey, KeyDB), standalone or cluster (each task attaches to the primaries of "
            + "its slots, and follows failovers and reshardings), TLS included; not with redis.read.from replicas.";

    public static final String LIVE_GROUP = "Live";
    public static final String NOTIFICATIONS_CONFIGURE = "redis.live.notifications.configure";
    private static final String NOTIFICATIONS_CONFIGURE_DOC = "Let the connector add the flags live mode needs "
            + "(E and A) to the server's notify-keyspace-events. When false, a server without them fails "
            + "validation and start with a message saying what to set.";
    public static final String NOTIFICATIONS_VERIFY = "redis.live.notifications.verify";
    private static final String NOTIFICATIONS_VERIFY_DOC = "Read notify-keyspace-events (CONFIG GET) before following "
            + "changes, and fail validation and start when it lacks E or A. Managed services that block CONFIG "
            + "(ElastiCache, MemoryDB, Azure Cache, Memorystore) set it in their parameter group: set it there, then "
            + "set this to false. Either way, the source warns when keys change but no notification arrives "
            + "(redis.live.notifications.watch.ms).";
    public static final String NOTIFICATIONS_WATCH_MS = "redis.live.notifications.watch.ms";
    private static final String NOTIFICATIONS_WATCH_MS_DOC = "How often the source compares the server's write count "
            + "(INFO persistence, rdb_changes_since_last_save) with the notifications it received: writes without a "
            + "notification in that time are logged at WARN and counted in notifications-missing, since their "
            + "changes are not being copied.";
    public static final String RESETS_CHECK_MS = "redis.live.resets.check.ms";
    private static final String RESETS_CHECK_MS_DOC = "How often the source reads the server's command counters (INFO "
            + "commandstats) for FLUSHALL, FLUSHDB and SWAPDB, which send no key-event notification: when one ran, the "
            + "source resyncs, so the keys they removed are deleted on the target too. A FLUSHDB of another database "
            + "resyncs as well. On a replica, the same reading notices a full sync from its primary (which reloads "
            + "every key without notifications) and resyncs.";
    public static final String QUEUE_CAPACITY = "redis.live.queue.capacity";
    private static final String QUEUE_CAPACITY_DOC = "Most changed keys waiting to be read. When more keys change "
            + "faster than they can be read, the queue is emptied and the source resyncs.";
    public static final String DEBOUNCE_MS = "redis.live.debounce.ms";
    private static final String DEBOUNCE_MS_DOC = "How long a changed key waits before it is read, so that a burst "
            + "of changes to one key is read once. Adds at most this much to the replication lag.";
    public static final String RESYNC_KAFKA_PREFIX = "redis.resync.kafka.";
    public static final String RESYNC_BOOTSTRAP_SERVERS = RESYNC_KAFKA_PREFIX + "bootstrap.servers";
    private static final String RESYNC_BOOTSTRAP_SERVERS_DOC = "Kafka cluster holding redis.topic, required in live "
            + "modes: a resync reads the topic to find keys deleted while notifications were missed. Other "
            + "consumer settings (security.protocol, sasl.*, ssl.*) can be given with the same "
            + RESYNC_KAFKA_PREFIX + " prefix.";

    /** The resync consumer's secrets, declared so that Connect masks them like redis.password. */
    static final List<String> RESYNC_SECRETS = List.of("sasl.jaas.config", "ssl.keystore.password",
            "ssl.key.password", "ssl.truststore.password");

    public static final String SNAPSHOT_GROUP = "Snapshot";
    public static final String SCAN_COUNT = "redis.scan.count";
    private static final String SCAN_COUNT_DOC = "COUNT hint of each SCAN call, and so roughly how many keys are "
            + "read in one pipelined batch.";
    public static final String SCAN_MATCH = "redis.scan.match";
    private static final String SCAN_MATCH_DOC = "Glob pattern given to SCAN MATCH (e.g. user:*). "
            + "Empty reads every key.";
    public static final String SCAN_TYPE = "redis.scan.type";
    private static final String SCAN_TYPE_DOC = "Only keys of this type (SCAN TYPE, Redis 6.0 or later). "
            + "Empty reads every type.";
    public static final String KEY_INCLUDE = "redis.key.include";
    private static final String KEY_INCLUDE_DOC = "Regular expression a key name (as UTF-8) must match as a whole "
            + "to be read. Empty includes every key.";
    public static final String DATABASES = "redis.databases";
    /** Where redis.topic names the database of the records, when several databases are followed. */
    public static final String DATABASE_PLACEHOLDER = "${database}";
    private static final String DATABASES_DOC = "Databases of a standalone server to copy, as indexes (0,1,5) or all "
            + "(every database the server has, from CONFIG GET databases, else those INFO keyspace lists); empty "
            + "copies the database of redis.uri. Each database is read by a task of its own (tasks.max must allow "
            + "one per database) with offsets of its own, and its records carry it (the redis.db header). With more "
            + "than one database, redis.topic must contain " + DATABASE_PLACEHOLDER + " (say keys-db"
            + DATABASE_PLACEHOLDER + "): keys of the same name in two databases would otherwise share a Kafka key, "
            + "and compaction would keep only one of them.";
    public static final String KEY_SLOTS = "redis.key.slots";
    private static final String KEY_SLOTS_DOC = "Hash slots whose keys are read, as slots and ranges: "
            + "0-8000,12000-16383. Empty reads every slot. Works on standalone servers too (the slot of a key is the "
            + "same CRC16 as on a cluster), in every mode; on a standalone server, tasks.max above 1 splits these "
            + "slots among the tasks.";
    public static final String KEY_EXCLUDE = "redis.key.exclude";
    private static final String KEY_EXCLUDE_DOC = "Regular expression: keys whose name matches it as a whole are "
            + "not read. Empty excludes nothing.";

    public static final String BIG_KEYS_GROUP = "Big keys";
    public static final String RECORD_MAX_BYTES = "redis.record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "Largest record the source writes, key, value and headers "
            + "included. A key whose payload (or, in struct format, its typed value) would not fit is copied in "
            + "parts of at most this size, read part by part (GETRANGE, HSCAN, SSCAN, ZSCAN, LRANGE, XRANGE), which "
            + "the sink assembles in a staging key and renames into place, so readers see the whole key or its "
            + "previous state (docs/record-format.md). The default fits Kafka's default limits (1 MB); raise it only "
            + "with the producer's max.request.size and the topic's max.message.bytes.";
    public static final String BIG_KEYS = "redis.big.keys";
    private static final String BIG_KEYS_DOC = "What happens to a key larger than redis.record.max.bytes. chunk: it "
            + "is copied in parts. skip: it is left out, logged by name at WARN and counted in the big-keys-skipped "
            + "metric (a target keeps whatever state of it it had).";
    public static final String BIG_KEYS_COPY_INTERVAL_MS = "redis.big.keys.copy.interval.ms";
    private static final String BIG_KEYS_COPY_INTERVAL_MS_DOC = "In live modes, the least time between the starts "
            + "of two copies of one big key: changes to a big key during its copy, or sooner than this after its "
            + "copy started, are read once the interval has passed. A big key that changes all the time is then "
            + "copied again at most this often, instead of at every change, and the other keys keep flowing.";

    public static final String CLUSTER_GROUP = "Cluster";
    public static final String READ_FROM = "redis.read.from";
    private static final String READ_FROM_DOC = "On a Redis Cluster, the node each primary's slots are read from: "
            + "primary; replica (one of its replicas, never the primary: while a primary has no replica up, its task "
            + "waits); replica-preferred (a replica when one is up, else the primary). Reading replicas keeps the "
            + "migration's load off the primaries; the user needs +readonly, and in live mode notify-keyspace-events "
            + "must be set on the replicas read. A replica lags its primary a little. For a standalone server's "
            + "replica, set redis.uri to the replica.";
    public static final String THROTTLE_GROUP = "Throttle";
    public static final String THROTTLE_KEYS = "redis.throttle.keys.per.second";
    private static final String THROTTLE_KEYS_DOC = "Most keys the source reads per second (scan, changes and resyncs "
            + "together), so that a migration can run beside production traffic; 0 for no limit. Shared evenly among "
            + "the connector's tasks. A second's worth may pass at once after an idle time; the throttled-ms metric "
            + "counts the time held back.";
    public static final String THROTTLE_BYTES = "redis.throttle.bytes.per.second";
    private static final String THROTTLE_BYTES_DOC = "Most bytes of keys and payloads the source reads per second; 0 "
            + "for no limit. Shared evenly among the connector's tasks, like redis.throttle.keys.per.second.";

    public static final ConfigDef CONFIG_DEF = definition();
    /** Parts of big keys one lane emits per poll: with the default limit, 4 MB. */
    private static final int PARTS_PER_POLL = 8;

    public RedisSourceConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    protected RedisSourceConnectorConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals);
    }

    private static ConfigDef definition() {
        ConfigDef definition = RedisConnectionConfig.define(new ConfigDef());
        int order = 0;
        definition
                .define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH, TOPIC_DOC, KAFKA_GROUP, ++order, Width.MEDIUM, "Topic")
                .define(TOPIC_PARTITIONS, Type.INT, 1, ConfigDef.Range.between(1, 16384), Importance.HIGH,
                        TOPIC_PARTITIONS_DOC, KAFKA_GROUP, ++order, Width.SHORT, "Topic partitions")
                .define(FORMAT, Type.STRING, ValueFormat.DUMP.code(), ValueFormat.validator(), Importance.HIGH,
                        FORMAT_DOC, KAFKA_GROUP, ++order, Width.SHORT, "Record format")
                .define(RECORD_HEADERS, Type.STRING, HeaderFormat.COMPACT.code(), HeaderFormat.validator(),
                        Importance.LOW, RECORD_HEADERS_DOC, KAFKA_GROUP, ++order, Width.SHORT, "Record headers");
        definition.define(MODE, Type.STRING, SourceMode.SNAPSHOT.code(), SourceMode.validator(), Importance.HIGH,
                MODE_DOC, MODE_GROUP, 1, Width.SHORT, "Mode")
                .define(CAPTURE, Type.STRING, CaptureMethod.NOTIFICATIONS.code(), CaptureMethod.validator(),
                        Importance.MEDIUM, CAPTURE_DOC, MODE_GROUP, 2, Width.SHORT, "Capture");
        order = 0;
        definition
                .define(NOTIFICATIONS_CONFIGURE, Type.BOOLEAN, false, Importance.MEDIUM, NOTIFICATIONS_CONFIGURE_DOC,
                        LIVE_GROUP, ++order, Width.SHORT, "Set notify-keyspace-events")
                .define(NOTIFICATIONS_VERIFY, Type.BOOLEAN, true, Importance.MEDIUM, NOTIFICATIONS_VERIFY_DOC,
                        LIVE_GROUP, ++order, Width.SHORT, "Read notify-keyspace-events")
                .define(NOTIFICATIONS_WATCH_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                        NOTIFICATIONS_WATCH_MS_DOC, LIVE_GROUP, ++order, Width.SHORT, "Notification watch (ms)")
                .define(RESETS_CHECK_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(10), Importance.LOW,
                        RESETS_CHECK_MS_DOC, LIVE_GROUP, ++order, Width.SHORT, "Flush check (ms)")
                .define(QUEUE_CAPACITY, Type.INT, 100_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        QUEUE_CAPACITY_DOC, LIVE_GROUP, ++order, Width.SHORT, "Change queue capacity")
                .define(DEBOUNCE_MS, Type.LONG, 5L, ConfigDef.Range.between(0, 60_000), Importance.LOW,
                        DEBOUNCE_MS_DOC, LIVE_GROUP, ++order, Width.SHORT, "Debounce (ms)")
                .define(RESYNC_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH, RESYNC_BOOTSTRAP_SERVERS_DOC,
                        LIVE_GROUP, ++order, Width.LONG, "Kafka for resync");
        for (String secret : RESYNC_SECRETS) {
            definition.define(RESYNC_KAFKA_PREFIX + secret, Type.PASSWORD, null, Importance.LOW, "The resync "
                    + "consumer's " + secret + " (a secret: masked in logs and validation responses).", LIVE_GROUP,
                    ++order, Width.LONG, "Resync " + secret);
        }
        order = 0;
        definition
                .define(RECORD_MAX_BYTES, Type.INT, 512 * 1024, ConfigDef.Range.between(64 * 1024, 256 * 1024 * 1024),
                        Importance.MEDIUM, RECORD_MAX_BYTES_DOC, BIG_KEYS_GROUP, ++order, Width.SHORT,
                        "Largest record (bytes)")
                .define(BIG_KEYS, Type.STRING, BigKeyPolicy.CHUNK.code(), BigKeyPolicy.validator(), Importance.MEDIUM,
                        BIG_KEYS_DOC, BIG_KEYS_GROUP, ++order, Width.SHORT, "Keys over the limit")
                .define(BIG_KEYS_COPY_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.between(0, 86_400_000),
                        Importance.LOW, BIG_KEYS_COPY_INTERVAL_MS_DOC, BIG_KEYS_GROUP, ++order, Width.SHORT,
                        "Big key copy interval (ms)");
        defineBackoff(definition, 1);
        definition.define(READ_FROM, Type.STRING, ReadFrom.PRIMARY.code(), ReadFrom.validator(), Importance.MEDIUM,
                READ_FROM_DOC, CLUSTER_GROUP, 1, Width.SHORT, "Read from");
        definition
                .define(THROTTLE_KEYS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM, THROTTLE_KEYS_DOC,
                        THROTTLE_GROUP, 1, Width.SHORT, "Keys per second")
                .define(THROTTLE_BYTES, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        THROTTLE_BYTES_DOC, THROTTLE_GROUP, 2, Width.SHORT, "Bytes per second");
        order = 0;
        return definition
                .define(SCAN_COUNT, Type.INT, 1000, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                        SCAN_COUNT_DOC, SNAPSHOT_GROUP, ++order, Width.SHORT, "SCAN COUNT")
                .define(SCAN_MATCH, Type.STRING, "", Importance.MEDIUM, SCAN_MATCH_DOC, SNAPSHOT_GROUP, ++order,
                        Width.MEDIUM, "SCAN MATCH")
                .define(SCAN_TYPE, Type.STRING, "", scanTypeValidator(), Importance.LOW, SCAN_TYPE_DOC, SNAPSHOT_GROUP,
                        ++order, Width.SHORT, "SCAN TYPE")
                .define(KEY_INCLUDE, Type.STRING, "", new RegexValidator(), Importance.LOW, KEY_INCLUDE_DOC,
                        SNAPSHOT_GROUP, ++order, Width.MEDIUM, "Include keys")
                .define(KEY_EXCLUDE, Type.STRING, "", new RegexValidator(), Importance.LOW, KEY_EXCLUDE_DOC,
                        SNAPSHOT_GROUP, ++order, Width.MEDIUM, "Exclude keys")
                .define(KEY_SLOTS, Type.STRING, "", slotsValidator(), Importance.LOW, KEY_SLOTS_DOC, SNAPSHOT_GROUP,
                        ++order, Width.MEDIUM, "Hash slots")
                .define(DATABASES, Type.STRING, "", databasesValidator(), Importance.MEDIUM, DATABASES_DOC,
                        SNAPSHOT_GROUP, ++order, Width.MEDIUM, "Databases");
    }

    private static ConfigDef.Validator databasesValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty() || text.equalsIgnoreCase("all")) {
                return;
            }
            for (String item : text.split(",")) {
                try {
                    if (Integer.parseInt(item.trim()) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, value, "'" + item.trim() + "' is not a database index: write "
                            + "indexes separated by commas (0,1,5), or all");
                }
            }
        }, () -> "database indexes separated by commas, all, or empty for the database of redis.uri");
    }

    /** @return the databases listed, in order; empty when none is (the URI's database) or for "all" */
    public List<Integer> listedDatabases() {
        String text = getString(DATABASES).trim();
        if (text.isEmpty() || allDatabases()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(item -> Integer.parseInt(item.trim())).distinct().toList();
    }

    public boolean allDatabases() {
        return getString(DATABASES).trim().equalsIgnoreCase("all");
    }

    private static ConfigDef.Validator slotsValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                if (value != null && !value.toString().isBlank() && SlotSet.parse(value.toString()).isEmpty()) {
                    throw new ConfigException(name, value, "names no slot; leave it empty to read every slot");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage() + "; write slots and ranges of 0-16383 "
                        + "separated by commas, e.g. 0-8000,12000-16383");
            }
        }, () -> "slots and ranges of 0-16383, e.g. 0-8000,12000-16383; empty for all");
    }

    public ReadFrom readFrom() {
        return ReadFrom.fromCode(getString(READ_FROM));
    }

    /** The slots the user selected, every slot when redis.key.slots is empty. */
    public SlotSet keySlots() {
        String slots = getString(KEY_SLOTS);
        return slots.isBlank() ? SlotSet.ALL : SlotSet.parse(slots);
    }

    private static ConfigDef.Validator scanTypeValidator() {
        List<String> types = List.of("string", "list", "set", "zset", "hash", "stream");
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && !value.toString().isEmpty() && !types.contains(value.toString())) {
                throw new ConfigException(name, value, "must be one of " + String.join(", ", types) + ", or empty");
            }
        }, () -> "one of " + String.join(", ", types) + ", or empty for every type");
    }

    public ValueFormat format() {
        return ValueFormat.fromCode(getString(FORMAT));
    }

    public HeaderFormat recordHeaders() {
        return HeaderFormat.fromCode(getString(RECORD_HEADERS));
    }

    public CaptureMethod capture() {
        return CaptureMethod.fromCode(getString(CAPTURE));
    }

    public SourceMode mode() {
        return SourceMode.fromCode(getString(MODE));
    }

    public boolean verifyNotifications() {
        return getBoolean(NOTIFICATIONS_VERIFY);
    }

    public java.time.Duration notificationWatch() {
        return java.time.Duration.ofMillis(getLong(NOTIFICATIONS_WATCH_MS));
    }

    public java.time.Duration resetsCheck() {
        return java.time.Duration.ofMillis(getLong(RESETS_CHECK_MS));
    }

    public boolean configureNotifications() {
        return getBoolean(NOTIFICATIONS_CONFIGURE);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY);
    }

    public long debounceMillis() {
        return getLong(DEBOUNCE_MS);
    }

    /** Consumer settings for the resync's topic sweep: every {@code redis.resync.kafka.*} key, prefix removed. */
    public Map<String, Object> resyncConsumerConfig() {
        return originalsWithPrefix(RESYNC_KAFKA_PREFIX);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    public int scanCount() {
        return getInt(SCAN_COUNT);
    }

    public String scanMatch() {
        return getString(SCAN_MATCH);
    }

    public String scanType() {
        return getString(SCAN_TYPE);
    }

    /** Record size limit, big key policy and copy interval; parts per poll bound what a task holds at once. */
    public BigKeys bigKeys(BigKeys.Counters counters) {
        return new BigKeys(new PartSizes(format(), getInt(RECORD_MAX_BYTES)),
                BigKeyPolicy.fromCode(getString(BIG_KEYS)),
                Duration.ofMillis(getLong(BIG_KEYS_COPY_INTERVAL_MS)), PARTS_PER_POLL, counters);
    }

    /** The keys selected by name and type, in these slots (a task's share of redis.key.slots). */
    public KeySelection keySelection(SlotSet slots) {
        return new KeySelection(scanMatch(), getString(KEY_INCLUDE), getString(KEY_EXCLUDE), scanType(), slots);
    }
}
