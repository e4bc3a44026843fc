package io.keyferry.common.config;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connection settings both connectors share: where the Redis server is and how to log in. Credentials
 * are kept apart from the URI so that they can be a {@link Type#PASSWORD} (masked by Connect's REST API
 * and logs); a password written into the URI would be shown in clear.
 */
public class RedisConnectionConfig extends AbstractConfig {
    public static final String GROUP = "Connection";

    public static final String URI = "redis.uri";
    private static final String URI_DOC = "Address of the Redis server: redis://host:port[/database] or "
            + "rediss://host:port[/database] for TLS. The database index (default 0) is the one read or written. "
            + "Put credentials in redis.user and redis.password, not in the URI: those are masked in logs and the REST API.";

    public static final String USER = "redis.user";
    private static final String USER_DOC = "ACL user name. Leave empty for the default user.";

    public static final String PASSWORD = "redis.password";
    private static final String PASSWORD_DOC = "Password of the ACL user (or the requirepass password). Masked in logs and in the REST API.";

    public static final String TIMEOUT_MS = "redis.timeout.ms";
    private static final String TIMEOUT_MS_DOC = "How long one Redis command may take before it counts as failed, in milliseconds.";

    public static final String CONNECT_TIMEOUT_MS = "redis.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long opening a connection may take, in milliseconds.";

    public static final String RETRY_GROUP = "Retries";
    public static final String RETRY_BACKOFF_MS = "redis.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry, in milliseconds; it doubles "
            + "with each further retry up to redis.retry.backoff.max.ms. A task whose server does not answer (down, "
            + "restarting, LOADING, failing over) waits this way, at start as much as midway, and never fails for it.";
    public static final String RETRY_BACKOFF_MAX_MS = "redis.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two retries, in milliseconds.";

    public RedisConnectionConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals);
    }

    /** Adds the connection keys, in their own group, to a connector's definition. */
    public static ConfigDef define(ConfigDef definition) {
        int order = 0;
        return definition
                .define(URI, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new RedisUriValidator(), Importance.HIGH,
                        URI_DOC, GROUP, ++order, Width.LONG, "Redis URI")
                .define(USER, Type.STRING, null, Importance.MEDIUM, USER_DOC, GROUP, ++order, Width.MEDIUM, "User")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, PASSWORD_DOC, GROUP, ++order, Width.MEDIUM,
                        "Password")
                .define(TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW, TIMEOUT_MS_DOC,
                        GROUP, ++order, Width.SHORT, "Command timeout (ms)")
                .define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        CONNECT_TIMEOUT_MS_DOC, GROUP, ++order, Width.SHORT, "Connect timeout (ms)");
    }

    /**
     * Adds the backoff keys to the {@link #RETRY_GROUP} group, from position {@code order} on (a connector may
     * put keys of its own first).
     */
    public static ConfigDef defineBackoff(ConfigDef definition, int order) {
        return definition
                .define(RETRY_BACKOFF_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, RETRY_GROUP, order, Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MAX_MS_DOC, RETRY_GROUP, order + 1, Width.SHORT, "Max retry backoff (ms)");
    }

    public Backoff backoff() {
        return new Backoff(Duration.ofMillis(getLong(RETRY_BACKOFF_MS)), Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS)));
    }

    public RedisEndpoint endpoint() {
        RedisURI uri = RedisURI.create(getString(URI));
        RedisURI.Builder builder = RedisURI.builder(uri).withTimeout(Duration.ofMillis(getLong(TIMEOUT_MS)));
        Password password = getPassword(PASSWORD);
        String user = getString(USER);
        if (password != null && password.value() != null && !password.value().isEmpty()) {
            if (user != null && !user.isEmpty()) {
                builder.withAuthentication(user, password.value().toCharArray());
            } else {
                builder.withPassword(password.value().toCharArray());
            }
        }
        return new RedisEndpoint(builder.build(), Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS)));
    }
}
