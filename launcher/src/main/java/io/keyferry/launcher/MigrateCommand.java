package io.keyferry.launcher;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.source.live.LiveModeCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code keyferry migrate}: deploys the source and sink connectors, on an embedded Kafka and Connect
 * worker or on an existing Connect cluster, shows progress, and ends a snapshot migration with a
 * comparison. In live mode it replicates until interrupted, then removes what it started.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copies a source database to a target through Kafka Connect.",
                "Without --connect-url it runs Kafka (KRaft) and a Connect worker in this process, with their "
                        + "data in --data-dir: run the same command again to resume an interrupted migration.",
                "Exit status: 0 when the target equals the source, 1 when the comparison found differences, "
                        + "2 on error; in live mode, 130 after Ctrl-C (143 after SIGTERM) once everything is stopped."})
final class MigrateCommand implements Callable<Integer> {
    /** How often progress is read: the end of a small migration is seen within this. */
    private static final Duration TICK = Duration.ofMillis(100);
    /** How often progress is printed. */
    private static final Duration PRINT = Duration.ofSeconds(1);

    @Mixin
    RedisOptions redis;

    @Mixin
    ThrottleOptions throttle;

    @Option(names = "--mode", defaultValue = "snapshot", paramLabel = "MODE",
            description = "snapshot (copy once, compare, exit) or live (copy, then follow changes until Ctrl-C). "
                    + "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--dry-run",
            description = "Copy nothing: read the source into Kafka and count what the sink would write (keys and "
                    + "bytes by type), to size a migration. The target is not contacted. Snapshot mode only.")
    boolean dryRun;

    @Option(names = "--capture", defaultValue = "notifications", paramLabel = "METHOD",
            description = "In live mode, how changes are seen: notifications (key-event notifications, the default) "
                    + "or replication (the source is read as a replica: snapshot from its RDB, then every write of its "
                    + "replication stream; a rerun continues the stream by partial resync). Self-hosted servers only.")
    String capture;

    @Option(names = "--configure-notifications",
            description = "In live mode, let the connector set notify-keyspace-events on the source.")
    boolean configureNotifications;

    @Option(names = "--notifications-set-by-service",
            description = "In live mode, do not read notify-keyspace-events: a managed service that blocks CONFIG "
                    + "sets it in its parameter group (to KEA). The source warns if keys change without notifications.")
    boolean notificationsSetByService;

    @Option(names = "--connect-url", paramLabel = "URL",
            description = "Deploy to this Connect cluster (REST URL) instead of starting one; "
                    + "needs --bootstrap-servers.")
    URI connectUrl;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "The Kafka cluster of --connect-url, for the topic, progress and resync.")
    String bootstrapServers;

    @Option(names = "--name", defaultValue = "keyferry",
            description = "Prefix of the connector names (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--topic", defaultValue = "keyferry-keys",
            description = "Topic of the key records (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", defaultValue = "8",
            description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--data-dir", defaultValue = "keyferry-data", paramLabel = "DIR",
            description = "Embedded Kafka's data, Connect's offsets and the log file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--ttl-tolerance-ms", defaultValue = "2000",
            description = "TTL difference the final comparison accepts (default: ${DEFAULT-VALUE}).")
    long ttlToleranceMillis;

    private static final long CLOSING_CHECK_BIG_VALUE_BYTES = 1 << 20;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("snapshot") && !mode.equals("live")) {
            throw new IllegalArgumentException("--mode must be snapshot or live, not " + mode);
        }
        if (dryRun && !mode.equals("snapshot")) {
            throw new IllegalArgumentException("--dry-run counts a snapshot: it cannot be combined with --mode "
                    + mode);
        }
        if (dryRun) {
            // Connectors and a topic of its own: a real run after it copies a snapshot of its own time, and another
            // dry run counts afresh.
            String run = "-dry-run-" + System.currentTimeMillis();
            name += run;
            topic += run;
        }
        if (connectUrl != null && bootstrapServers == null) {
            throw new IllegalArgumentException("--connect-url needs --bootstrap-servers (the cluster's Kafka)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::interruptAndWait, "keyferry-shutdown"));
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            return migrate(started);
        } finally {
            closeAll(started);
            finished.countDown();
        }
    }

    private Integer migrate(Deque<AutoCloseable> started) throws Exception {
        // What needs no Kafka is checked before Kafka starts: a wrong URI or a server that does not answer is
        // one line at once, not a minute of start-up first.
        RedisEndpoint source = redis.sourceEndpoint();
        RedisEndpoint target = redis.targetEndpoint();
        reach("--source", "the source", source);
        if (!dryRun) {
            reach("--target", "the target", target);
        }
        SourceShape shape = SourceShape.of(source);
        if (mode.equals("live") && capture.equals("notifications") && !configureNotifications
                && !notificationsSetByService) {
            List<String> problems = new java.util.ArrayList<>();
            LiveModeCheck.verify(source, shape.cluster(), "pass --configure-notifications",
                    "pass --notifications-set-by-service", problems::add);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(problems.get(0));
            }
        }
        LogFile.open(dataDir.resolve("keyferry.log"));
        URI connect = connectUrl;
        String kafka = bootstrapServers;
        if (connect == null) {
            say("Starting Kafka and a Connect worker in this process (data in %s, log in %s)", dataDir,
                    dataDir.resolve("keyferry.log"));
            EmbeddedKafka embeddedKafka = EmbeddedKafka.start(dataDir);
            started.push(embeddedKafka);
            kafka = embeddedKafka.bootstrapServers();
            EmbeddedConnect embeddedConnect = EmbeddedConnect.start(kafka, dataDir);
            started.push(embeddedConnect);
            connect = embeddedConnect.url();
        }
        MigrationPlan plan = new MigrationPlan(name, topic, partitions, mode, capture, configureNotifications,
                !notificationsSetByService, kafka, redis, throttle, shape.sourceTasks(), dryRun);
        ConnectRestClient rest = new ConnectRestClient(connect);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka));
        started.push(admin);
        createTopic(admin);
        long estimate = shape.keys();
        say("%s %s to %s (%s mode, ~%,d keys) through topic %s on %s", dryRun ? "Dry run: sizing the migration of"
                : "Migrating", redis.source, redis.target, mode, estimate, topic, connect);
        ClusterScanCompletion completion = shape.cluster() ? new ClusterScanCompletion(source) : null;
        if (completion != null) {
            started.push(completion);
        }
        ProgressMonitor monitor = new ProgressMonitor(admin, rest, plan, completion);
        ProgressMonitor.Reading earlier = monitor.inKafka();
        rest.deploy(plan.sourceName(), plan.sourceConfig());
        rest.deploy(plan.sinkName(), plan.sinkConfig());
        if (earlier.produced() > 0) {
            say("Resuming an earlier run: %s holds %,d records, %,d of them written to the target; %s", topic,
                    earlier.produced(), earlier.written(), !mode.equals("live") ? monitor.committedPosition()
                            : capture.equals("replication")
                            ? "the source continues the replication stream where its offsets stand (a partial resync)"
                            : "a live source restarted resyncs "
                                    + "(it rescans the source and sweeps the topic for deleted keys)");
        }
        if (connectUrl != null) {
            // A worker of ours takes its connectors down with it; on a cluster they would stay.
            started.push(() -> {
                rest.delete(plan.sourceName());
                rest.delete(plan.sinkName());
            });
        }
        ProgressMonitor.Reading last = follow(monitor, estimate);
        if (last.failure() != null) {
            say("Migration failed: %s", last.failure());
            return 2;
        }
        if (interrupted.getCount() == 0) {
            return 0;
        }
        if (dryRun) {
            String report = DryRunReport.of(plan.sinkName());
            say("Dry run complete: %,d records read; nothing was written to %s. The sink would have written:",
                    last.written(), redis.target);
            System.out.println(report != null ? report : "(the counts are the dry-run-* metrics of " + plan.sinkName()
                    + "'s tasks, and the worker's log)");
            return 0;
        }
        say("Snapshot complete: %,d records written. Comparing source and target...", last.written());
        // The comparison reads only the two databases: what the copy started stops meanwhile.
        Thread stopping = new Thread(() -> closeAll(started), "keyferry-stop");
        stopping.start();
        ComparisonReport report;
        try {
            report = Comparison.run(source, target,
                    CompareOptions.defaults().withTtlToleranceMillis(ttlToleranceMillis)
                            // Kafka and Connect share this heap: keys over 1 MB are compared page by page.
                            .withBigValueBytes(CLOSING_CHECK_BIG_VALUE_BYTES));
        } finally {
            stopping.join();
        }
        System.out.println(report);
        return report.identical() ? 0 : 1;
    }

    private static void reach(String option, String what, RedisEndpoint endpoint) {
        String problem = ConnectionCheck.ping(endpoint);
        if (problem != null) {
            throw new IllegalStateException(RedisOptions.inOptionTerms(option,
                    "Cannot reach " + what + " " + endpoint.describe() + ": " + problem));
        }
    }

    /** Prints progress every second until the snapshot is written, a task fails, or (live) the user interrupts. */
    private ProgressMonitor.Reading follow(ProgressMonitor monitor, long estimate) throws Exception {
        long started = System.nanoTime();
        long printed = started;
        long previousProduced = 0;
        ProgressMonitor.Reading reading = null;
        while (true) {
            if (interrupted.await(TICK.toMillis(), TimeUnit.MILLISECONDS) && reading != null) {
                return reading;
            }
            try {
                reading = monitor.read();
            } catch (Exception e) {
                if (interrupted.getCount() == 0 && reading != null) {
                    return reading; // the worker is already stopping
                }
                throw e;
            }
            // An empty source produces no record, so no offset can say its scan is complete.
            boolean scanComplete = reading.scanComplete() || estimate == 0;
            boolean snapshotWritten = mode.equals("snapshot") && scanComplete && reading.lag() == 0;
            boolean last = snapshotWritten || reading.failure() != null;
            long now = System.nanoTime();
            if (last || now - printed >= PRINT.toNanos()) {
                print(reading, estimate, (now - started) / 1e9,
                        Math.round((reading.produced() - previousProduced) / Math.max(1e-3, (now - printed) / 1e9)));
                printed = now;
                previousProduced = reading.produced();
            }
            if (last) {
                return reading;
            }
        }
    }

    private void print(ProgressMonitor.Reading reading, long estimate, double elapsed, long rate) {
        if (!reading.scanComplete() && estimate > 0) {
            say("snapshot %,d / ~%,d keys (%d%%), %,d keys/s | written %,d, lag %,d records | %.0f s",
                    reading.produced(), estimate, Math.min(100, reading.produced() * 100 / estimate),
                    rate, reading.written(), reading.lag(), elapsed);
        } else {
            say("%s %,d records produced, %,d written, lag %,d records, %,d records/s | %.0f s",
                    mode.equals("live") ? "live" : "snapshot done:", reading.produced(), reading.written(),
                    reading.lag(), rate, elapsed);
        }
    }

    private void createTopic(Admin admin) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void interruptAndWait() {
        if (finished.getCount() == 0) {
            return;
        }
        say("Interrupted: stopping the connectors%s%s", connectUrl == null ? ", Connect and Kafka" : "",
                mode.equals("snapshot") ? " (run the same command again to resume)" : "");
        interrupted.countDown();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
