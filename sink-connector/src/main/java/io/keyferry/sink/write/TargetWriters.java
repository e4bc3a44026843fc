package io.keyferry.sink.write;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.value.DumpDecoder;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The clients of a sink task's target and the {@link KeyWriter} of the configured mode over them: writers on
 * connections to one server, or {@link NodeRouter}s of writers on connections to each primary of a Redis
 * Cluster. Each way of writing has connections of its own, since MULTI state belongs to a connection and WAIT
 * counts the writes of its own connection.
 */
public final class TargetWriters implements AutoCloseable {
    private final List<AbstractRedisClient> clients = new ArrayList<>();
    private final DumpDecoder decoder = new DumpDecoder();
    private final AtomicLong incompleteCopies = new AtomicLong();
    private KeyWriter writer;
    private AutoWriter auto;

    /** How each way of writing reaches the target; each call opens new connections. */
    private record Route(Supplier<KeyWriter> restore, Supplier<KeyWriter> typed, Supplier<KeyWriter> parts) {
    }

    private TargetWriters() {
    }

    /**
     * Connects to the target, a single server or (when {@code cluster}) a Redis Cluster whose topology is
     * loaded from {@code endpoint}, a node of it. Closes what it opened when that fails.
     */
    /**
     * @param stagingTtl how long the staging copy of a big key whose parts stopped coming lives on (every part
     *                   renews it)
     */
    public static TargetWriters open(RedisEndpoint endpoint, boolean cluster, WriteMode mode, Duration timeout,
                                     Duration stagingTtl) {
        TargetWriters target = new TargetWriters();
        try {
            Route route = cluster ? target.clusterRoute(endpoint, timeout, stagingTtl)
                    : target.serverRoute(endpoint, timeout, stagingTtl);
            KeyWriter restore = mode == WriteMode.TYPED ? null : route.restore().get();
            KeyWriter typed = mode == WriteMode.RESTORE ? null : route.typed().get();
            target.auto = mode == WriteMode.AUTO ? new AutoWriter(restore, typed, endpoint.describe()) : null;
            KeyWriter whole = target.auto != null ? target.auto : mode == WriteMode.TYPED ? typed : restore;
            target.writer = new PartRouting(whole, route.parts().get());
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private Route serverRoute(RedisEndpoint endpoint, Duration timeout, Duration stagingTtl) {
        RedisClient client = track(endpoint.newClient());
        return new Route(() -> new RestoreWriter(RedisEndpoint.connect(client), timeout),
                () -> typedWriter(RedisEndpoint.connect(client), endpoint.describe(), timeout),
                () -> partWriter(RedisEndpoint.connect(client), endpoint.describe(), stagingTtl, timeout));
    }

    /**
     * The cluster client only tells which primary owns which slot; the writes go over connections of the
     * node client, one per primary and way of writing, each to that node's own address.
     */
    private Route clusterRoute(RedisEndpoint endpoint, Duration timeout, Duration stagingTtl) {
        NodeRouter.Topology topology = NodeRouter.Topology.of(track(endpoint.newClusterClient()));
        RedisClient nodes = track(endpoint.newClient());
        NodeRouter.NodeWriterFactory restore = (host, port) ->
                new RestoreWriter(connect(nodes, endpoint, host, port), timeout);
        NodeRouter.NodeWriterFactory typed = (host, port) ->
                typedWriter(connect(nodes, endpoint, host, port), endpoint.describe(host, port), timeout);
        NodeRouter.NodeWriterFactory parts = (host, port) ->
                partWriter(connect(nodes, endpoint, host, port), endpoint.describe(host, port), stagingTtl, timeout);
        return new Route(() -> new NodeRouter(topology, restore, endpoint.describe()),
                () -> new NodeRouter(topology, typed, endpoint.describe()),
                () -> new NodeRouter(topology, parts, endpoint.describe()));
    }

    private static StatefulRedisConnection<byte[], byte[]> connect(RedisClient nodes, RedisEndpoint endpoint,
                                                                   String host, int port) {
        return nodes.connect(ByteArrayCodec.INSTANCE, endpoint.atNode(host, port).uri());
    }

    /** The server's version is read before the writer turns the connection's automatic flushing off. */
    private TypedWriter typedWriter(StatefulRedisConnection<byte[], byte[]> connection, String server,
            Duration timeout) {
        return new TypedWriter(connection, TargetFeatures.read(connection, server), decoder, timeout);
    }

    private PartWriter partWriter(StatefulRedisConnection<byte[], byte[]> connection, String server,
                                  Duration stagingTtl, Duration timeout) {
        return new PartWriter(connection, TargetFeatures.read(connection, server), stagingTtl, timeout,
                incompleteCopies);
    }

    private <T extends AbstractRedisClient> T track(T client) {
        clients.add(client);
        return client;
    }

    /** The writer of the configured mode. */
    public KeyWriter writer() {
        return writer;
    }

    /** Copies of big keys not put in place because the topic held only part of them. */
    public long incompleteCopies() {
        return incompleteCopies.get();
    }

    /** Records written type by type in {@code auto} mode because the target rejected their RESTORE. */
    public long fallbacks() {
        return auto == null ? 0 : auto.fallbacks();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        for (AbstractRedisClient client : clients) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
