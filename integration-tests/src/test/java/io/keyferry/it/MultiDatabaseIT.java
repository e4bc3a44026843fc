package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.KeyspaceComparator;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.source.RedisSourceConnector;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A source following several databases of one server, a topic and a task each, into the same databases of the
 * target or mapped ones, snapshot and live; a restarted source resumes each database where it was.
 */
class MultiDatabaseIT extends ConnectClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final List<Integer> DATABASES = List.of(0, 1, 3);

    @Test
    void threeDatabasesIntoTheSameDatabasesSnapshotLiveAndResumedPerDatabase() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start()) {
            deployThreeDatabases(source, target, "multi-db", Map.of());
            for (int database : DATABASES) {
                assertEqual(source, database, target, database);
            }

            write(source, 1, "live", 200);
            try (StatefulRedisConnection<byte[], byte[]> db3 = connect(source, 3)) {
                db3.sync().del("db3:7".getBytes());
            }
            assertEqual(source, 1, target, 1);
            assertEqual(source, 3, target, 3);

            // Each database has offsets of its own, complete once its scan is.
            Await.until("an offset per database, each with its scan complete", SETTLE, () -> {
                Map<String, Object> phases = new HashMap<>();
                cluster.connect().connectorOffsets("multi-db-source").offsets().forEach(offset -> phases.put(
                        String.valueOf(offset.partition().get("database")), offset.offset().get("phase")));
                return phases.equals(Map.of("0", "done", "1", "done", "3", "done"));
            });
            cluster.restartWithTasks("multi-db-source");
            cluster.awaitRunning("multi-db-source");
            write(source, 0, "after-restart", 10);
            for (int database : DATABASES) {
                assertEqual(source, database, target, database);
            }
        }
    }

    /** Each database's task attaches a link of its own, and keeps the RDB's and the stream's keys of its database. */
    @Test
    void threeDatabasesCapturedThroughTheReplicationProtocol() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            deployThreeDatabases(source, target, "captured-db", Map.of("redis.capture", "replication"));
            for (int database : DATABASES) {
                assertEqual(source, database, target, database);
            }

            write(source, 1, "live", 200);
            try (StatefulRedisConnection<byte[], byte[]> db0 = connect(source, 0);
                 StatefulRedisConnection<byte[], byte[]> db3 = connect(source, 3)) {
                db3.sync().del("db3:7".getBytes());
                db0.sync().move("db0:5".getBytes(), 3); // leaves database 0, arrives in database 3
            }
            for (int database : DATABASES) {
                assertEqual(source, database, target, database);
            }
            assertEquals(3, source.stat("sync_full"), "a link per database");
        }
    }

    @Test
    void oneDatabaseMappedIntoAnotherOfTheTarget() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            write(source, 0, "mapped", 2_000);
            cluster.createTopic("mapped-db", 2);
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "mapped-db");
            sinkConfig.put("redis.database.map", "0:3");
            cluster.deploy("mapped-db-source", ConnectCluster.sourceConfig(source, "mapped-db", 2));
            cluster.deploy("mapped-db-sink", sinkConfig);
            assertEqual(source, 0, target, 3);
            assertEquals(0, target.sync().dbsize(), "nothing in the target's database 0");
        }
    }

    @Test
    void severalDatabasesNeedATopicPerDatabaseAndATaskEach() {
        try (RedisServer source = RedisServer.start()) {
            Map<String, String> config = ConnectCluster.sourceConfig(source, "one-topic", 2);
            config.put("redis.databases", "0,1");
            String messages = String.join(" ", errors(config));
            assertTrue(messages.contains("must contain ${database}")
                    && messages.contains("set tasks.max to at least 2"),
                    messages);
            config.put("redis.databases", "0,99");
            config.put("redis.topic", "keys-db${database}");
            config.put("tasks.max", "2");
            assertTrue(String.join(" ", errors(config)).contains("Database 99"),
                    () -> String.join(" ", errors(config)));
        }
    }

    private static List<String> errors(Map<String, String> config) {
        return new RedisSourceConnector().validate(config).configValues().stream()
                .flatMap(value -> value.errorMessages().stream()).toList();
    }

    private static StatefulRedisConnection<byte[], byte[]> connect(RedisServer server, int database) {
        StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE);
        connection.sync().select(database);
        return connection;
    }

    /**
     * Writes keys into databases 0, 1 and 3 and deploys a source of the three (a topic and a task each, with
     * {@code settings}) and a sink writing each record into its own database: {@code name}-source and -sink.
     */
    private static void deployThreeDatabases(RedisServer source, RedisServer target, String name,
                                             Map<String, String> settings) {
        for (int database : DATABASES) {
            write(source, database, "db" + database, 1_000 + 500 * database);
            // The same key name in every database, with a value of its own: compaction must keep all three.
            write(source, database, "shared", 1);
            cluster.createTopic(name + database, 2);
        }
        Map<String, String> sourceConfig = cluster.liveSourceConfig(source, name + "${database}", 2);
        sourceConfig.put("redis.databases", "0,1,3");
        sourceConfig.put("tasks.max", "3");
        sourceConfig.putAll(settings);
        assertEquals(List.of(), errors(sourceConfig));
        Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, name + "0," + name + "1," + name + "3");
        sinkConfig.put("redis.database.map", "*");
        cluster.deploy(name + "-source", sourceConfig);
        cluster.deploy(name + "-sink", sinkConfig);
    }

    /** {@code count} strings {@code prefix:i} in {@code database}, each naming its database. */
    private static void write(RedisServer server, int database, String prefix, int count) {
        try (StatefulRedisConnection<byte[], byte[]> connection = connect(server, database)) {
            for (int i = 0; i < count; i++) {
                connection.sync().set((prefix + ":" + i).getBytes(), ("db " + database + " value " + i).getBytes());
            }
        }
    }

    /** Waits until {@code targetDatabase} of the target equals {@code sourceDatabase} of the source. */
    private static void assertEqual(RedisServer source, int sourceDatabase, RedisServer target, int targetDatabase) {
        AtomicReference<ComparisonReport> last = new AtomicReference<>();
        try (StatefulRedisConnection<byte[], byte[]> from = connect(source, sourceDatabase);
             StatefulRedisConnection<byte[], byte[]> to = connect(target, targetDatabase)) {
            Await.until("database " + targetDatabase + " of the target to equal database " + sourceDatabase
                    + " of the source", SETTLE, () -> {
                        if (!from.sync().dbsize().equals(to.sync().dbsize())) {
                            return false;
                        }
                        last.set(new KeyspaceComparator(from, to, CompareOptions.defaults()).compare());
                        return last.get().identical();
                    }, () -> String.valueOf(last.get()));
        }
    }
}
