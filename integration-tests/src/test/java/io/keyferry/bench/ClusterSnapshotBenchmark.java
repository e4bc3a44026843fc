package io.keyferry.bench;

import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Cluster to cluster snapshot speed, on two 3-primary clusters with the same slot layout: MIGRATE … COPY
 * REPLACE KEYS slot by slot (up to 1000 keys a call), node by node (each source primary to the target primary
 * holding the same slots), one node after the other and the three at once; then the connectors (snapshot source
 * → Kafka → restore sink into the cluster) with 1 and with 3 source tasks, until the target holds every key
 * and until the comparison verified it. The target is emptied between runs.
 *
 * <p>Arguments: {@code [keys]}, default {@code 1000000}.
 */
public final class ClusterSnapshotBenchmark {
    private ClusterSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (RedisCluster source = RedisCluster.start(3, 0); RedisCluster target = RedisCluster.start(3, 0)) {
            BenchData.load(source, keys, 42);
            long datasetBytes = source.primaries().stream()
                    .mapToLong(p -> SnapshotBenchmark.infoLong(p, "memory", "used_memory_dataset")).sum();
            SnapshotBenchmark.Row.header(keys, datasetBytes);
            double sequential = SnapshotBenchmark.Row.print("MIGRATE x1000, node after node", keys, datasetBytes,
                    measure(source, target, () -> migrateNodeByNode(source, target, false)), Double.NaN);
            empty(target);
            SnapshotBenchmark.Row.print("MIGRATE x1000, all nodes at once", keys, datasetBytes,
                    measure(source, target, () -> migrateNodeByNode(source, target, true)), sequential);
            try (ConnectCluster cluster = ConnectCluster.start("cluster-bench")) {
                for (int tasks : new int[] {1, 3}) {
                    empty(target);
                    SnapshotBenchmark.Cost[] ours = connectors(cluster, source, target, tasks);
                    SnapshotBenchmark.Row.print("keyferry " + tasks + " source task(s) (target complete)", keys,
                            datasetBytes, ours[0], sequential);
                    SnapshotBenchmark.Row.print("keyferry " + tasks + " source task(s) (verified)", keys,
                            datasetBytes, ours[1], sequential);
                }
            }
        }
        System.exit(0);
    }

    private static void migrateNodeByNode(RedisCluster source, RedisCluster target, boolean atOnce) {
        List<Runnable> nodes = IntStream.range(0, source.primaries().size())
                .<Runnable>mapToObj(i -> () -> migrate(source.primaries().get(i), target.primaries().get(i)))
                .toList();
        if (!atOnce) {
            nodes.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            nodes.forEach(node -> running.add(pool.submit(node)));
            for (Future<?> node : running) {
                node.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A cluster node refuses MIGRATE of keys from several slots (CROSSSLOT), so the anchor goes slot by slot,
     * as {@code redis-cli --cluster} does: the keys of a slot (GETKEYSINSLOT), in MIGRATEs of up to 1000.
     */
    private static void migrate(RedisServer from, RedisServer to) {
        RedisCommands<byte[], byte[]> redis = from.sync();
        for (int slot : heldSlots(from)) {
            int count = redis.clusterCountKeysInSlot(slot).intValue();
            if (count == 0) {
                continue;
            }
            List<byte[]> keys = redis.clusterGetKeysInSlot(slot, count);
            for (int start = 0; start < keys.size(); start += 1000) {
                redis.migrate(to.host(), to.port(), 0, 60_000, MigrateArgs.Builder
                        .<byte[]>keys(keys.subList(start, Math.min(keys.size(), start + 1000))).copy().replace());
            }
        }
    }

    private static List<Integer> heldSlots(RedisServer node) {
        return ClusterPartitionParser.parse(node.syncStrings().clusterNodes()).stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.MYSELF)).findFirst().orElseThrow().getSlots();
    }

    /** @return the cost until the target holds every key, and until the comparison verified it */
    private static SnapshotBenchmark.Cost[] connectors(ConnectCluster cluster, RedisCluster source, RedisCluster target,
            int tasks) {
        String topic = "cluster-bench-" + tasks;
        cluster.createTopic(topic, 8);
        Map<String, String> sourceConfig = ConnectCluster.shippedSourceConfig("source.json", source, topic);
        sourceConfig.put("tasks.max", String.valueOf(tasks));
        return SnapshotBenchmark.copyAndVerify(cluster, topic, source, target, sourceConfig,
                ConnectCluster.shippedSinkConfig("sink.json", target, topic));
    }

    private static void empty(RedisCluster cluster) {
        cluster.primaries().forEach(primary -> primary.sync().flushall());
    }

    private static SnapshotBenchmark.Cost measure(RedisCluster source, RedisCluster target, Runnable copy) {
        long start = System.nanoTime();
        CpuMeter cpu = CpuMeter.start(source, target);
        copy.run();
        return new SnapshotBenchmark.Cost((System.nanoTime() - start) / 1e9, cpu.coreSeconds());
    }
}
