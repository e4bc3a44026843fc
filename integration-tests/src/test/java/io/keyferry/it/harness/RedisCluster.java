package io.keyferry.it.harness;

import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Redis Cluster on loopback: {@code primaries} primaries sharing the 16384 slots in contiguous
 * ranges, each with {@code replicasPerPrimary} replicas, every node its own {@link RedisServer}. The
 * cluster bus port is set with {@code cluster-port} (Redis 7.0+, Valkey), so no port is derived from
 * another. Closing it stops every node.
 */
public final class RedisCluster implements RedisDeployment, AutoCloseable {
    private static final Duration FORMING = Duration.ofSeconds(60);

    private final List<RedisServer> primaries = new ArrayList<>();
    private final List<RedisServer> replicas = new ArrayList<>();
    private final Map<RedisServer, Integer> busPorts = new HashMap<>();
    private RedisClusterClient client;
    private StatefulRedisClusterConnection<byte[], byte[]> connection;

    private RedisCluster() {
    }

    public static RedisCluster start(int primaries, int replicasPerPrimary) {
        RedisCluster cluster = new RedisCluster();
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
        RedisServer server = RedisServer.start(RedisBinary.defaultBinary(), "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-port", String.valueOf(busPort),
                "--cluster-node-timeout", "2000");
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
