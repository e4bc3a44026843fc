package io.keyferry.common.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * A configured Redis server: opens binary-safe connections to it. Commands issued while a connection is
 * down fail at once instead of queueing without bound, so callers see the outage and apply their own
 * retry policy; Lettuce reconnects in the background.
 */
public final class RedisEndpoint {
    /** How often a cluster client reloads the topology, besides reloading it on every redirection. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private final RedisURI uri;
    private final Duration connectTimeout;
    private final TlsSettings tls;
    private final boolean patient;

    public RedisEndpoint(RedisURI uri, Duration connectTimeout) {
        this(uri, connectTimeout, TlsSettings.DEFAULT);
    }

    /** @param tls what a {@code rediss://} connection trusts and shows; its verify mode is the URI's */
    public RedisEndpoint(RedisURI uri, Duration connectTimeout, TlsSettings tls) {
        this(uri.isSsl() ? RedisURI.builder(uri).withVerifyPeer(tls.verify().mode()).build() : uri, connectTimeout, tls,
                false);
        if (uri.isSsl() && tls.verify() == TlsVerify.NONE) {
            LoggerFactory.getLogger(RedisEndpoint.class).warn("TLS to {} does not check the server's certificate "
                    + "(redis.tls.verify=none): anyone on the path can pose as the server", describe());
        }
    }

    private RedisEndpoint(RedisURI uri, Duration connectTimeout, TlsSettings tls, boolean patient) {
        this.uri = uri;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.patient = patient;
    }

    /**
     * The same endpoint, for a one-off reader that awaits every reply with a timeout of its own (the launcher's
     * checks and comparison). Its commands wait for a connection being made, as a cluster client makes its node
     * connections on first use, instead of failing at once; and it schedules no expiry per command, since each
     * scheduled expiry keeps its command, reply included, reachable until the timer gets to it, and the megabyte
     * pages of a comparison add up in a small heap.
     */
    public RedisEndpoint patientReader() {
        return new RedisEndpoint(uri, connectTimeout, tls, true);
    }

    public RedisURI uri() {
        return uri;
    }

    /** What a {@code rediss://} connection trusts and shows. */
    public TlsSettings tls() {
        return tls;
    }

    public int database() {
        return uri.getDatabase();
    }

    /** host:port/database, never credentials: safe for logs and messages. */
    public String describe() {
        return describe(uri.getHost(), uri.getPort());
    }

    /** Another node of the same deployment, described like this one: safe for logs and messages. */
    public String describe(String host, int port) {
        return (uri.isSsl() ? "rediss://" : "redis://") + host + ":" + port + "/" + uri.getDatabase();
    }

    public RedisClient newClient() {
        return configure(RedisClient.create(uri));
    }

    /** A client on shared resources (event loops, timers): the many clients of one task share one set. */
    public RedisClient newClient(ClientResources resources) {
        return configure(RedisClient.create(resources, uri));
    }

    private RedisClient configure(RedisClient client) {
        client.setOptions(clientOptions());
        return client;
    }

    private ClientOptions clientOptions() {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(patient ? ClientOptions.DisconnectedBehavior.DEFAULT
                        : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(patient ? TimeoutOptions.create() : TimeoutOptions.enabled(uri.getTimeout()));
        SslOptions ssl = tls.sslOptions();
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        return options.build();
    }

    /**
     * The same server at another address (a node of the cluster this endpoint belongs to), with the same
     * credentials, TLS and timeouts.
     */
    public RedisEndpoint atNode(String host, int port) {
        return new RedisEndpoint(RedisURI.builder(uri).withHost(host).withPort(port).build(), connectTimeout, tls,
                patient);
    }

    /** The same server's database {@code database}, with the same credentials, TLS and timeouts. */
    public RedisEndpoint inDatabase(int database) {
        return new RedisEndpoint(RedisURI.builder(uri).withDatabase(database).build(), connectTimeout, tls, patient);
    }

    /**
     * A client of the Redis Cluster this endpoint is a node of: it routes each command to the node owning the
     * key's slot, follows MOVED and ASK, and reloads the topology periodically and on every redirection.
     */
    public RedisClusterClient newClusterClient() {
        return configure(RedisClusterClient.create(uri));
    }

    /** A cluster client on shared resources (event loops, timers). */
    public RedisClusterClient newClusterClient(ClientResources resources) {
        return configure(RedisClusterClient.create(resources, uri));
    }

    private RedisClusterClient configure(RedisClusterClient client) {
        client.setOptions(ClusterClientOptions.builder(clientOptions())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        return client;
    }

    /**
     * Whether the server runs in cluster mode ({@code cluster_enabled:1}): asks it over a short connection to
     * database 0, since a cluster node refuses to SELECT any other and the question would fail unanswered. A
     * user whose ACL refuses INFO cannot tell, and is taken to be on a standalone server.
     */
    public boolean isCluster() {
        RedisClient client = new RedisEndpoint(RedisURI.builder(uri).withDatabase(0).build(), connectTimeout, tls,
                patient).newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = connect(client)) {
            return isCluster(connection.sync().info("cluster"));
        } catch (RedisCommandExecutionException refused) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static boolean isCluster(String clusterInfo) {
        return clusterInfo.lines().anyMatch(line -> line.trim().equals("cluster_enabled:1"));
    }


    public static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client) {
        return client.connect(ByteArrayCodec.INSTANCE);
    }
}
