package io.keyferry.it.harness;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real Redis Cluster on loopback: {@code primaries} primaries sharing the 16384 slots in contiguous
 * ranges, each with {@code replicasPerPrimary} replicas, every node its own {@link RedisServer}. The
 * cluster bus port is set with {@code cluster-port} (Redis 7.0+, Valkey), so no port is derived from
 * another. Closing it stops every node.
 */
public final class RedisCluster implements RedisDeployment, AutoCloseable {
    private static final Duration FORMING = Duration.ofSeconds(60);
    /** Keys moved by one MIGRATE while resharding. */
    private static final int MIGRATE_BATCH = 100;
    private static final long MIGRATE_TIMEOUT_MS = 10_000;

    private final List<RedisServer> primaries = new ArrayList<>();
    private final List<RedisServer> replicas = new ArrayList<>();
    private final Map<RedisServer, Integer> busPorts = new HashMap<>();
    private RedisClusterClient client;
    private StatefulRedisClusterConnection<byte[], byte[]> connection;

    private final Function<String[], RedisServer> launch;

    private RedisCluster(Function<String[], RedisServer> launch) {
        this.launch = launch;
    }

    public static RedisCluster start(int primaries, int replicasPerPrimary) {
        return start(primaries, replicasPerPrimary, args -> RedisServer.start(RedisBinary.defaultBinary(), args));
    }

    /**
     * A cluster whose nodes also listen on TLS ports with {@code tls-cluster} and {@code tls-replication}: the bus
     * and the replication links are TLS, and a client on a TLS port is shown the other nodes' TLS ports
     * (plain clients, such as this harness's own connections, are shown the plain ports). With
     * {@code clientCertificates} every TLS client needs a certificate that the CA signed.
     */
    public static RedisCluster startTls(TlsCertificates certificates, int primaries, int replicasPerPrimary,
                                        boolean clientCertificates) {
        return start(primaries, replicasPerPrimary, args -> RedisServer.startTls(certificates, "server",
                clientCertificates, Stream.concat(Arrays.stream(args),
                        Stream.of("--tls-cluster", "yes", "--tls-replication", "yes")).toArray(String[]::new)));
    }

    private static RedisCluster start(int primaries, int replicasPerPrimary, Function<String[], RedisServer> launch) {
        RedisCluster cluster = new RedisCluster(launch);
        try {
            for (int i = 0; i < primaries; i++) {
                cluster.primaries.add(cluster.node());
            }
            for (int i = 0; i < primaries * replicasPerPrimary; i++) {
                cluster.replicas.add(cluster.node());
            }
            cluster.form(replicasPerPrimary);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private RedisServer node() {
        int busPort = freePort();
        RedisServer server = launch.apply(new String[] {"--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-port", String.valueOf(busPort),
                "--cluster-node-timeout", "2000"});
        busPorts.put(server, busPort);
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void form(int replicasPerPrimary) {
        List<RedisServer> all = nodes();
        RedisServer first = all.get(0);
        for (RedisServer node : all.subList(1, all.size())) {
            // CLUSTER MEET ip port bus-port: the bus port is not port + 10000 here.
            node.syncStrings().dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("MEET").add(first.host()).add(first.port())
                            .add(busPorts.get(first)));
        }
        int slotsPer = 16384 / primaries.size();
        for (int i = 0; i < primaries.size(); i++) {
            int from = i * slotsPer;
            int to = i == primaries.size() - 1 ? 16383 : from + slotsPer - 1;
            primaries.get(i).syncStrings().clusterAddSlotsRange(Range.create(from, to));
        }
        Await.until("every node to know every other", FORMING,
                () -> all.stream().allMatch(n -> info(n, "cluster_known_nodes").equals(String.valueOf(all.size()))));
        for (int i = 0; i < replicas.size(); i++) {
            RedisServer primary = primaries.get(i / replicasPerPrimary);
            replicas.get(i).syncStrings().clusterReplicate(primary.syncStrings().clusterMyId());
        }
        Await.until("the cluster to be ok on every node", FORMING,
                () -> all.stream().allMatch(n -> info(n, "cluster_state").equals("ok")));
        Await.until("every replica to be in sync", FORMING, () -> replicas.stream()
                .allMatch(r -> r.syncStrings().info("replication").contains("master_link_status:up")));
    }

    private static String info(RedisServer node, String field) {
        for (String line : node.syncStrings().clusterInfo().split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "";
    }

    public List<RedisServer> primaries() {
        return primaries;
    }

    public List<RedisServer> replicas() {
        return replicas;
    }

    @Override
    public List<RedisServer> servers() {
        return nodes();
    }

    public List<RedisServer> nodes() {
        List<RedisServer> all = new ArrayList<>(primaries);
        all.addAll(replicas);
        return all;
    }

    /** A seed URI for clients: any node leads to the others. */
    @Override
    public String uri() {
        return primaries.get(0).uri();
    }

    /** A seed URI on a TLS port of a cluster started by {@link #startTls}. */
    public String tlsUri() {
        return primaries.get(0).tlsUri();
    }

    /** Binary-safe commands routed by slot across the cluster, on one shared connection. */
    public synchronized RedisAdvancedClusterCommands<byte[], byte[]> sync() {
        if (connection == null) {
            connection = client().connect(ByteArrayCodec.INSTANCE);
        }
        return connection.sync();
    }

    @Override
    public StatefulRedisClusterConnection<byte[], byte[]> connectBinary() {
        return client().connect(ByteArrayCodec.INSTANCE);
    }

    @Override
    public StringConnection connectStrings() {
        StatefulRedisClusterConnection<String, String> strings = client().connect();
        return new StringConnection(strings, strings.sync());
    }

    private synchronized RedisClusterClient client() {
        if (client == null) {
            client = RedisClusterClient.create(RedisURI.create(uri()));
        }
        return client;
    }

    /** Keys held by the primaries together. */
    @Override
    public long dbsize() {
        return primaries.stream().mapToLong(p -> p.sync().dbsize()).sum();
    }

    /** The primary serving {@code slot}, as that primary itself says. */
    /**
     * Waits until every primary names {@code to} as the slot's owner and {@code to}'s config epoch is the
     * greatest. A gossip message the old owner sent before it let the slot go takes the slot back on a node
     * when its epoch is not lower than the new owner's; then nobody serves the slot and the nodes redirect to
     * each other. So the new owner bumps its epoch until it is the greatest (no stale claim can win after
     * that), and the nodes that lost track are told the owner again.
     */
    private void awaitOwnerEverywhere(RedisServer to, String toId, int slot) {
        Await.until("every primary to see slot " + slot + " on " + to, FORMING, () -> {
            long toEpoch = myself(to).getConfigEpoch();
            if (primaries.stream().anyMatch(p -> p != to && myself(p).getConfigEpoch() >= toEpoch)) {
                to.syncStrings().clusterBumpepoch();
                return false;
            }
            List<RedisServer> stale = primaries.stream().filter(p -> {
                RedisClusterNode owner = ClusterPartitionParser.parse(p.syncStrings().clusterNodes())
                        .getPartitionBySlot(slot);
                return owner == null || !owner.getNodeId().equals(toId);
            }).toList();
            stale.forEach(p -> p.syncStrings().clusterSetSlotNode(slot, toId));
            return stale.isEmpty();
        });
    }

    public RedisServer primaryOwning(int slot) {
        return primaries.stream().filter(p -> myself(p).hasSlot(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no primary serves slot " + slot));
    }

    private static RedisClusterNode myself(RedisServer node) {
        return ClusterPartitionParser.parse(node.syncStrings().clusterNodes()).stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.MYSELF)).findFirst().orElseThrow();
    }

    /**
     * Reshards slots {@code firstSlot..lastSlot} from one primary to another as {@code redis-cli --cluster
     * reshard} does, slot by slot: the slot is marked importing on {@code to} and migrating on {@code from},
     * its keys are MIGRATEd, then every primary is told its new owner ({@code to} first, so that no node
     * sends a client back to {@code from}). Clients that still hold the old topology get MOVED (or ASK
     * while the slot is half moved). The clients of this harness reload the topology afterwards.
     */
    public void moveSlots(RedisServer from, RedisServer to, int firstSlot, int lastSlot) {
        for (int slot = firstSlot; slot <= lastSlot; slot++) {
            beginMove(from, to, slot);
            finishMove(from, to, slot);
        }
    }

    /** The first step of moving a slot: importing on {@code to}, migrating on {@code from}; no key moves yet. */
    public void beginMove(RedisServer from, RedisServer to, int slot) {
        to.syncStrings().clusterSetSlotImporting(slot, from.syncStrings().clusterMyId());
        from.syncStrings().clusterSetSlotMigrating(slot, to.syncStrings().clusterMyId());
    }

    /** Moves these keys of a slot being moved; while the move lasts, {@code from} answers ASK for them. */
    public void migrateKeys(RedisServer from, RedisServer to, List<byte[]> keys) {
        from.sync().migrate(to.host(), to.port(), 0, MIGRATE_TIMEOUT_MS, MigrateArgs.Builder.keys(keys));
    }

    /** The last steps of moving a slot: its remaining keys are MIGRATEd, then every primary learns its owner. */
    public void finishMove(RedisServer from, RedisServer to, int slot) {
        for (List<byte[]> keys = from.sync().clusterGetKeysInSlot(slot, MIGRATE_BATCH); !keys.isEmpty();
             keys = from.sync().clusterGetKeysInSlot(slot, MIGRATE_BATCH)) {
            migrateKeys(from, to, keys);
        }
        String toId = to.syncStrings().clusterMyId();
        to.syncStrings().clusterSetSlotNode(slot, toId);
        from.syncStrings().clusterSetSlotNode(slot, toId);
        for (RedisServer other : primaries) {
            if (other != from && other != to) {
                other.syncStrings().clusterSetSlotNode(slot, toId);
            }
        }
        awaitOwnerEverywhere(to, toId, slot);
        RedisClusterClient current;
        synchronized (this) {
            current = client;
        }
        if (current != null) {
            current.refreshPartitions();
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        nodes().forEach(RedisServer::close);
    }
}
