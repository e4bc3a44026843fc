package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.sink.RedisSinkConnector;
import io.keyferry.source.RedisSourceConnector;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * The connectors run with exactly the ACL rules the README gives a source user and a sink user, and nothing
 * more: a snapshot with big keys, live changes, and the sink in auto and typed modes.
 */
class LeastPrivilegeIT extends ConnectClusterTest {
    /** As README "Least privilege": what a source user needs, snapshot and live. */
    static final String SOURCE_RULES = "on ~* &__keyevent@0__:* -@all +ping +hello +select +info +time "
            + "+scan +type +pttl +dump +strlen +memory|usage +script|load +evalsha +getrange +hscan +sscan +zscan "
            + "+lrange +xrange +hlen +scard +zcard +llen +xlen +exists +xinfo|stream +xinfo|groups +xinfo|consumers "
            + "+psubscribe +config|get";
    /** As README "Least privilege": what a sink user needs, every write mode. */
    static final String SINK_RULES = "on ~* -@all +ping +hello +select +info +restore +del "
            + "+pexpireat +pexpire +set +append +persist +hset +rpush +sadd +zadd +xadd +xsetid "
            + "+xgroup|create +multi +exec +discard +script|load +evalsha +eval +rename "
            + "+get +exists +wait";
    /** As README "Lossless live capture": added to the source user's rules for redis.capture=replication. */
    static final String REPLICATION_RULES = " +psync +replconf +command";
    /** As README "Least privilege": added to either user's rules on every node of a Redis Cluster. */
    static final String CLUSTER_RULES = " +cluster|nodes +cluster|slots +cluster|info";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void snapshotBigKeysLiveChangesAndEveryWriteModeWithTheDocumentedRulesOnly() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer restored = RedisServer.start(); RedisServer typed = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "least", 2_000);
            BigKeys.write(source.sync(), 2 << 20, 20_000);
            user(source, "keyferry-source", SOURCE_RULES);
            user(restored, "keyferry-sink", SINK_RULES);
            user(typed, "keyferry-sink", SINK_RULES);
            cluster.createTopic("least", 4);

            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "least", 4);
            credentials(sourceConfig, "keyferry-source");
            assertEquals(List.of(), uriErrors(new RedisSourceConnector(), sourceConfig),
                    "the documented rules pass validation");
            cluster.deploy("least-source", sourceConfig);
            Map<String, String> auto = ConnectCluster.sinkConfig(restored, "least");
            credentials(auto, "keyferry-sink");
            assertEquals(List.of(), uriErrors(new RedisSinkConnector(), auto), "the documented rules pass validation");
            cluster.deploy("least-sink-auto", auto);
            Map<String, String> typedConfig = ConnectCluster.sinkConfig(typed, "least");
            credentials(typedConfig, "keyferry-sink");
            typedConfig.put("redis.write.mode", "typed");
            cluster.deploy("least-sink-typed", typedConfig);

            for (RedisServer target : new RedisServer[] {restored, typed}) {
                ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
                assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            }
            source.syncStrings().set("least:changed", "live");
            Await.until("the live change to reach both targets", TIMEOUT,
                    () -> "live".equals(restored.syncStrings().get("least:changed"))
                            && "live".equals(typed.syncStrings().get("least:changed")));
            for (String name : new String[] {"least-source", "least-sink-auto", "least-sink-typed"}) {
                cluster.awaitRunning(name);
            }
        }
    }

    @Test
    void aReplicationCaptureRunsWithTheDocumentedRulesOnly() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "replicated", 1_000);
            user(source, "keyferry-source", SOURCE_RULES + REPLICATION_RULES);
            user(target, "keyferry-sink", SINK_RULES);
            cluster.createTopic("least-replicated", 4);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "least-replicated", 4);
            sourceConfig.put("redis.capture", "replication");
            credentials(sourceConfig, "keyferry-source");
            assertEquals(List.of(), uriErrors(new RedisSourceConnector(), sourceConfig),
                    "the documented rules pass validation");
            cluster.deploy("least-replicated-source", sourceConfig);
            Map<String, String> sink = ConnectCluster.sinkConfig(target, "least-replicated");
            credentials(sink, "keyferry-sink");
            cluster.deploy("least-replicated-sink", sink);
            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            source.syncStrings().set("replicated:changed", "through the stream");
            Await.until("the change to reach the target through the stream", TIMEOUT,
                    () -> "through the stream".equals(target.syncStrings().get("replicated:changed")));
            cluster.awaitRunning("least-replicated-source");

            // The rule taken away, a restarted task fails saying so rather than retrying the attach without end.
            user(source, "keyferry-source", "-psync");
            cluster.restartWithTasks("least-replicated-source");
            String failure = cluster.awaitTaskFailure("least-replicated-source");
            assertTrue(failure.contains("may not run PSYNC") && failure.contains("add +psync"), failure);
        }
    }

    @Test
    void aReplicationCaptureWithoutItsRulesFailsValidationNamingThem() {
        try (RedisServer server = RedisServer.start()) {
            user(server, "no-psync", SOURCE_RULES + REPLICATION_RULES.replace(" +psync", ""));
            user(server, "no-replconf", SOURCE_RULES + REPLICATION_RULES.replace(" +replconf", ""));
            user(server, "no-pattern", SOURCE_RULES.replace(" &__keyevent@0__:*", "") + REPLICATION_RULES);
            Map<String, String> config = cluster.liveSourceConfig(server, "least", 4);
            config.put("redis.capture", "replication");
            credentials(config, "no-psync");
            String errors = String.join(" ", errors(new RedisSourceConnector(), config, "redis.capture"));
            assertTrue(errors.contains("may not run PSYNC") && errors.contains("add +psync"), errors);
            credentials(config, "no-replconf");
            errors = String.join(" ", errors(new RedisSourceConnector(), config, "redis.capture"));
            assertTrue(errors.contains("may not run REPLCONF") && errors.contains("add +replconf"), errors);
            // The check needs the documented pattern; without it, PSUBSCRIBE's refusal is the one reported.
            credentials(config, "no-pattern");
            errors = String.join(" ", uriErrors(new RedisSourceConnector(), config));
            assertTrue(errors.contains("may not run PSUBSCRIBE"), errors);
            assertEquals(0, server.stat("sync_full"), "checking the rules attached no replica");
        }
    }

    @Test
    void aUserMissingARuleFailsValidationNamingTheCommand() {
        try (RedisServer server = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA")) {
            user(server, "no-dump", SOURCE_RULES.replace(" +dump", ""));
            user(server, "no-channel", SOURCE_RULES.replace(" &__keyevent@0__:*", ""));
            user(server, "no-restore", SINK_RULES.replace(" +restore", ""));
            Map<String, String> config = cluster.liveSourceConfig(server, "least", 4);
            credentials(config, "no-dump");
            String errors = String.join(" ", uriErrors(new RedisSourceConnector(), config));
            assertTrue(errors.contains("may not run DUMP") && errors.contains("add +dump"), errors);
            credentials(config, "no-channel");
            errors = String.join(" ", uriErrors(new RedisSourceConnector(), config));
            assertTrue(errors.contains("may not run PSUBSCRIBE") && errors.contains("&__keyevent@0__:*"), errors);
            Map<String, String> sink = ConnectCluster.sinkConfig(server, "least");
            credentials(sink, "no-restore");
            errors = String.join(" ", uriErrors(new RedisSinkConnector(), sink));
            assertTrue(errors.contains("may not run RESTORE") && errors.contains("the sink needs"), errors);
        }
    }

    private static List<String> uriErrors(Connector connector, Map<String, String> config) {
        return errors(connector, config, "redis.uri");
    }

    private static List<String> errors(Connector connector, Map<String, String> config, String key) {
        return connector.validate(config).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().orElseThrow().errorMessages();
    }

    @Test
    void theReadmeGivesExactlyTheseRules() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("keyferry.readme", "../README.md")));
        assertTrue(readme.contains(SOURCE_RULES), "README lacks the source rules: " + SOURCE_RULES);
        assertTrue(readme.contains(SINK_RULES), "README lacks the sink rules: " + SINK_RULES);
        assertTrue(readme.contains("`" + CLUSTER_RULES.strip() + "`"),
                "README lacks the cluster rules: " + CLUSTER_RULES);
        assertTrue(readme.contains("`" + REPLICATION_RULES.strip() + "`"),
                "README lacks the replication capture's rules: " + REPLICATION_RULES);
    }

    static void user(RedisServer server, String name, String rules) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(name)
                .add(">pw-" + name);
        for (String rule : rules.split(" ")) {
            args.add(rule);
        }
        server.syncStrings().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    }

    static void credentials(Map<String, String> config, String user) {
        config.put("redis.user", user);
        config.put("redis.password", "pw-" + user);
    }
}
