package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.Backoff;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.live.LiveModeCheck;
import io.keyferry.source.offset.OffsetChanges;
import io.keyferry.source.read.SourcePermissions;
import io.keyferry.source.replication.ReplicationAccess;
import io.keyferry.source.topology.ClusterTopology;
import io.keyferry.source.topology.DatabaseList;
import io.keyferry.source.topology.ReadFrom;
import io.keyferry.source.topology.SlotPlan;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a Redis database into a Kafka topic, one record per key (see docs/record-format.md). A cluster's slots
 * are shared among up to {@code tasks.max} tasks, by primaries; a standalone server's among {@code tasks.max}
 * tasks by slot ranges ({@link SlotPlan}).
 */
public class RedisSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(RedisSourceConnector.class);
    private Map<String, String> props;
    private RedisEndpoint endpoint;
    private volatile Boolean cluster; // null until the source has answered
    private Thread shapeProbe;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return RedisSourceConnectorConfig.CONFIG_DEF;
    }

    /** Offsets written through Connect's REST API are checked first: a wrong one would be ignored or fail a task. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        OffsetChanges.verify(new RedisSourceConnectorConfig(connectorConfig), offsets);
        return true;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config validated = super.validate(connectorConfigs);
        ConnectionCheck.verify(validated, connectorConfigs, RedisSourceConnectorConfig::new);
        if (validated.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(connectorConfigs);
            ConfigValue uri = validated.configValues().stream()
                    .filter(v -> v.name().equals(RedisSourceConnectorConfig.URI)).findFirst().orElseThrow();
            verifyDatabases(validated, config, connectorConfigs);
            if (verifyReadFrom(validated, config)) {
                SourcePermissions.verify(probed(config), config.mode().followsChanges(),
                        config.readFrom() != ReadFrom.PRIMARY, uri::addErrorMessage);
                verifyLiveMode(validated, config);
            }
        }
        return validated;
    }

    /**
     * Several databases: a standalone server only, a topic per database, a task per database, and every one of them
     * on the server (SELECT answers "DB index is out of range" otherwise).
     */
    private static void verifyDatabases(Config validated, RedisSourceConnectorConfig config,
            Map<String, String> props) {
        if (config.listedDatabases().isEmpty() && !config.allDatabases()) {
            return;
        }
        ConfigValue databases = validated.configValues().stream()
                .filter(v -> v.name().equals(RedisSourceConnectorConfig.DATABASES)).findFirst().orElseThrow();
        if (config.endpoint().isCluster()) {
            databases.addErrorMessage("A Redis Cluster has database 0 only: leave "
                    + RedisSourceConnectorConfig.DATABASES + " empty");
            return;
        }
        List<Integer> resolved;
        try {
            resolved = DatabaseList.resolve(config.endpoint(), config.listedDatabases(), config.allDatabases());
        } catch (RedisException e) {
            databases.addErrorMessage("Cannot list the databases of " + config.endpoint().describe() + ": "
                    + ConnectionCheck.describe(e));
            return;
        }
        if (resolved.size() > 1 && !config.topic().contains(RedisSourceConnectorConfig.DATABASE_PLACEHOLDER)) {
            databases.addErrorMessage("With " + resolved.size() + " databases, " + RedisSourceConnectorConfig.TOPIC
                    + " must contain " + RedisSourceConnectorConfig.DATABASE_PLACEHOLDER + " (e.g. " + config.topic()
                    + "-db" + RedisSourceConnectorConfig.DATABASE_PLACEHOLDER + "): keys of one name in two databases "
                    + "would share a Kafka key, and compaction would keep one of them only");
        }
        int tasks = Integer.parseInt(props.getOrDefault("tasks.max", "1").trim());
        if (resolved.size() > tasks) {
            databases.addErrorMessage("Each database is read by a task of its own: set tasks.max to at least "
                    + resolved.size());
        }
        for (int database : resolved) {
            String problem = ConnectionCheck.ping(config.endpoint().inDatabase(database));
            if (problem != null) {
                databases.addErrorMessage("Database " + database + ": " + problem);
            }
        }
    }

    /** @return whether redis.read.from can be followed: a cluster whose primaries have the replicas it needs */
    private static boolean verifyReadFrom(Config validated, RedisSourceConnectorConfig config) {
        if (config.readFrom() == ReadFrom.PRIMARY) {
            return true;
        }
        ConfigValue readFrom = validated.configValues().stream()
                .filter(v -> v.name().equals(RedisSourceConnectorConfig.READ_FROM)).findFirst().orElseThrow();
        if (!config.endpoint().isCluster()) {
            readFrom.addErrorMessage(RedisSourceConnectorConfig.READ_FROM + " applies to a Redis Cluster; to read a "
                    + "replica of a standalone server, set redis.uri to the replica");
            return false;
        }
        try {
            config.readFrom().nodes(config.endpoint());
            return true;
        } catch (RedisException noReplica) {
            readFrom.addErrorMessage(noReplica.getMessage());
            return false;
        }
    }

    /** The node whose permissions stand for all: the seed, or with redis.read.from a replica the source reads. */
    private static RedisEndpoint probed(RedisSourceConnectorConfig config) {
        return config.readFrom() == ReadFrom.PRIMARY ? config.endpoint()
                : config.readFrom().nodes(config.endpoint()).get(0);
    }

    private static void verifyLiveMode(Config validated, RedisSourceConnectorConfig config) {
        Map<String, ConfigValue> values = validated.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        boolean replication = config.capture() == CaptureMethod.REPLICATION;
        if (!config.mode().followsChanges()) {
            if (replication) {
                values.get(RedisSourceConnectorConfig.CAPTURE).addErrorMessage("redis.capture=replication follows "
                        + "changes: set redis.mode to live (snapshot from the RDB, then the stream) or liveonly");
            }
            return;
        }
        RedisEndpoint endpoint = config.endpoint();
        boolean cluster = endpoint.isCluster();
        if (replication && config.readFrom() != ReadFrom.PRIMARY) {
            values.get(RedisSourceConnectorConfig.CAPTURE).addErrorMessage("redis.capture=replication attaches to "
                    + "each primary: leave " + RedisSourceConnectorConfig.READ_FROM + " at primary, or use "
                    + "redis.capture=notifications to read replicas");
        } else if (replication) {
            verifyReplicationAccess(endpoint, values.get(RedisSourceConnectorConfig.CAPTURE));
        }
        if (config.resyncConsumerConfig().getOrDefault("bootstrap.servers", "").toString().isBlank()) {
            values.get(RedisSourceConnectorConfig.RESYNC_BOOTSTRAP_SERVERS).addErrorMessage("Mode "
                    + config.mode().code() + " needs the Kafka cluster that holds " + config.topic()
                    + ": a resync reads the topic to find keys deleted while notifications were missed");
        }
        if (!replication && config.verifyNotifications() && !config.configureNotifications()) {
            LiveModeCheck.verify(endpoint, cluster, config.readFrom(),
                    "set " + RedisSourceConnectorConfig.NOTIFICATIONS_CONFIGURE + "=true",
                    "set " + RedisSourceConnectorConfig.NOTIFICATIONS_VERIFY + "=false",
                    values.get(RedisSourceConnectorConfig.MODE)::addErrorMessage);
        }
    }

    private static void verifyReplicationAccess(RedisEndpoint endpoint, ConfigValue capture) {
        try {
            String refusal = ReplicationAccess.refusal(endpoint);
            if (refusal != null) {
                capture.addErrorMessage(refusal);
            }
        } catch (IOException unreachable) {
            // Reached a moment ago by the connection check: a task waits for such a server anyway.
            log.warn("{} did not answer while its replication access was checked: {}", endpoint.describe(),
                    unreachable.getMessage());
        }
    }

    /**
     * Starts even when the source does not answer (a worker restarted during an outage): its tasks are planned
     * once it does, since Connect retries a failed planning with backoff.
     */
    @Override
    public void start(Map<String, String> props) {
        endpoint = new RedisSourceConnectorConfig(props).endpoint();
        this.props = Map.copyOf(props);
        try {
            shape();
        } catch (RetriableException e) {
            log.warn("{}; its tasks are planned once it answers", e.getMessage());
            probeShape(new RedisSourceConnectorConfig(props).backoff());
        }
    }

    /**
     * Asks the source again, with backoff, until it answers, then has Connect plan the tasks: a distributed
     * herder also retries a failed planning by itself, a standalone one does not.
     */
    private void probeShape(Backoff backoff) {
        shapeProbe = new Thread(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    Thread.sleep(backoff.after(attempt).toMillis());
                    shape();
                    context.requestTaskReconfiguration();
                    return;
                } catch (InterruptedException stopped) {
                    return;
                } catch (RetriableException e) {
                    log.warn("{} (attempt {})", e.getMessage(), attempt);
                } catch (RuntimeException e) {
                    context.raiseError(e);
                    return;
                }
            }
        }, "keyferry-source-shape");
        shapeProbe.setDaemon(true);
        shapeProbe.start();
    }

    /** Learns whether the source is a cluster, once; a transient failure is a {@link RetriableException}. */
    private synchronized boolean shape() {
        if (cluster == null) {
            String databaseProblem = ConnectionCheck.clusterDatabaseProblem(endpoint);
            if (databaseProblem != null) {
                throw new ConnectException(databaseProblem);
            }
            try {
                cluster = endpoint.isCluster();
            } catch (RedisException e) {
                String problem = "Cannot reach the source " + endpoint.describe() + ": " + ConnectionCheck.describe(e);
                throw TransientErrors.isTransient(e) ? new RetriableException(problem, e)
                        : new ConnectException(problem, e);
            }
        }
        return cluster;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RedisSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(props);
        SlotSet selected = config.keySlots();
        if (!shape()) {
            List<Integer> databases = databases(config);
            if (!databases.equals(List.of(endpoint.database()))) {
                if (databases.size() > maxTasks) {
                    throw new ConnectException(RedisSourceConnectorConfig.DATABASES + " names " + databases.size()
                            + " databases, read by one task each: set tasks.max to at least " + databases.size());
                }
                log.info("Reading databases {} of {}, a task each", databases, endpoint.describe());
                return databases.stream().map(database -> RedisSourceTaskConfig.forDatabase(props, database,
                        databases.size())).toList();
            }
            if (maxTasks == 1) {
                return List.of(props);
            }
            List<SlotSet> shares = SlotPlan.splitSelection(selected, maxTasks);
            log.info("Reading {} with {} task(s), each the keys of its hash slots: {}", endpoint.describe(),
                    shares.size(), shares);
            return shares.stream().map(share -> RedisSourceTaskConfig.forServerSlots(props, share, shares.size()))
                    .toList();
        }
        RedisClusterClient client = endpoint.newClusterClient();
        try {
            List<SlotSet> shares = SlotPlan.split(ClusterTopology.of(client.getPartitions()), maxTasks, selected);
            log.info("Reading the cluster at {} with {} task(s): slots {}", endpoint.describe(), shares.size(), shares);
            return shares.stream().map(share -> RedisSourceTaskConfig.forSlots(props, share, shares.size())).toList();
        } catch (RedisException e) {
            throw new ConnectException("Cannot read the topology of the cluster at " + endpoint.describe() + ": "
                    + ConnectionCheck.describe(e), e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The databases to read; a source that does not answer is planned again later. */
    private List<Integer> databases(RedisSourceConnectorConfig config) {
        try {
            return DatabaseList.resolve(endpoint, config.listedDatabases(), config.allDatabases());
        } catch (RedisException e) {
            String problem = "Cannot list the databases of " + endpoint.describe() + ": " + ConnectionCheck.describe(e);
            throw TransientErrors.isTransient(e) ? new RetriableException(problem, e)
                    : new ConnectException(problem, e);
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Full-state records make duplicates harmless; exactly-once delivery is not needed and not offered.
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public void stop() {
        if (shapeProbe != null) {
            shapeProbe.interrupt();
        }
    }
}
