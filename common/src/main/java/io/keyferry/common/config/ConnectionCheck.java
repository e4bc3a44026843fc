package io.keyferry.common.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The part of a connector's {@code validate()} that ConfigDef cannot do: open a connection and PING, so an
 * unreachable server or wrong credentials are reported on {@code redis.uri} before the connector is created.
 */
public final class ConnectionCheck {
    private static final String TLS_HINT = "TLS: ";

    private ConnectionCheck() {
    }

    /**
     * Adds an error to {@code redis.uri} when the server cannot be reached. Skipped while other keys are
     * invalid, since the connection settings cannot be trusted then.
     */
    public static void verify(Config validated, Map<String, String> props,
                              Function<Map<String, String>, ? extends RedisConnectionConfig> parse) {
        if (validated.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return;
        }
        ConfigValue uriValue = validated.configValues().stream()
                .filter(v -> v.name().equals(RedisConnectionConfig.URI)).findFirst().orElseThrow();
        RedisEndpoint endpoint;
        try {
            endpoint = parse.apply(props).endpoint();
        } catch (ConfigException e) {
            uriValue.addErrorMessage(e.getMessage());
            return;
        }
        String clusterProblem = clusterDatabaseProblem(endpoint);
        if (clusterProblem != null) {
            uriValue.addErrorMessage(clusterProblem);
            return;
        }
        String problem = ping(endpoint);
        if (problem != null) {
            uriValue.addErrorMessage("Cannot reach Redis at " + endpoint.describe() + ": " + problem
                    + (problem.contains(TLS_HINT) ? ""
                            : ". Check that the server runs and is reachable from the Connect "
                            + "worker, and that " + RedisConnectionConfig.USER
                            + " and " + RedisConnectionConfig.PASSWORD + " are right."));
        }
    }

    /**
     * A cluster has database 0 only, and a database in {@code redis.uri} is a mistake worth stopping for. Asked
     * only when the URI names another database, and before any connection that would SELECT it, which a
     * cluster node refuses with a less helpful error.
     *
     * @return what to change, or null when the URI names database 0, the server is no cluster, or it cannot
     *         be asked (the reachability check then says why)
     */
    public static String clusterDatabaseProblem(RedisEndpoint endpoint) {
        if (endpoint.database() == 0) {
            return null;
        }
        try {
            if (!endpoint.isCluster()) {
                return null;
            }
        } catch (RuntimeException unreachable) {
            return null;
        }
        return RedisConnectionConfig.URI + " names database " + endpoint.database() + ", but " + endpoint.describe()
                + " is a Redis Cluster node, and a cluster has only database 0: remove /" + endpoint.database()
                + " from " + RedisConnectionConfig.URI;
    }

    /** @return null when the server answered PING, else what went wrong. */
    public static String ping(RedisEndpoint endpoint) {
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
            connection.sync().ping();
            return null;
        } catch (RuntimeException e) {
            String tls = TlsFailures.explain(e);
            return describe(e) + (tls == null ? "" : ". " + TLS_HINT + tls);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The exception's message with its root cause's, which is usually the useful part (refused, unknown host). */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
