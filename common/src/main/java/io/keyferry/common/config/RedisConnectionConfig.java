package io.keyferry.common.config;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The connection settings both connectors share: where the Redis server is, how to log in, TLS and retry
 * backoff. Credentials are kept apart from the URI so that they can be a {@link Type#PASSWORD} (masked in logs
 * and validation responses, and replaceable by a config provider's reference); a URI carrying them is refused.
 */
public class RedisConnectionConfig extends AbstractConfig {
    public static final String GROUP = "Connection";

    public static final String URI = "redis.uri";
    private static final String URI_DOC = "Address of the Redis server: redis://host:port[/database] or "
            + "rediss://host:port[/database] for TLS. The database index (default 0) is the one read or written. "
            + "Credentials go in redis.user and redis.password (masked in logs; keep them out of the REST API with a "
            + "config provider); a URI that carries them is refused.";

    public static final String USER = "redis.user";
    private static final String USER_DOC = "ACL user name. Leave empty for the default user.";

    public static final String PASSWORD = "redis.password";
    private static final String PASSWORD_DOC = "Password of the ACL user (or the requirepass password). Masked in logs "
            + "and validation responses; the REST API returns configs as given, so refer to it through a config "
            + "provider, e.g. ${file:/etc/keyferry/secrets.properties:source.password}.";

    public static final String TIMEOUT_MS = "redis.timeout.ms";
    private static final String TIMEOUT_MS_DOC = "How long one Redis command may take before it counts as failed, "
            + "in milliseconds.";

    public static final String CONNECT_TIMEOUT_MS = "redis.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long opening a connection may take, in milliseconds.";

    public static final String TLS_GROUP = "TLS";
    public static final String TLS_CA_FILE = "redis.tls.ca.file";
    private static final String TLS_CA_FILE_DOC = "PEM file of the CA certificates that signed the server's "
            + "certificate (a private CA), trusted instead of the JVM's default trust store. For rediss:// only.";
    public static final String TLS_TRUSTSTORE_FILE = "redis.tls.truststore.file";
    private static final String TLS_TRUSTSTORE_FILE_DOC = "JKS or PKCS12 trust store with the CA certificates to "
            + "trust, instead of redis.tls.ca.file.";
    public static final String TLS_TRUSTSTORE_PASSWORD = "redis.tls.truststore.password";
    private static final String TLS_TRUSTSTORE_PASSWORD_DOC = "Password of redis.tls.truststore.file.";
    public static final String TLS_CERT_FILE = "redis.tls.cert.file";
    private static final String TLS_CERT_FILE_DOC = "PEM file of the client certificate (and its chain) for mutual "
            + "TLS, with redis.tls.key.file.";
    public static final String TLS_KEY_FILE = "redis.tls.key.file";
    private static final String TLS_KEY_FILE_DOC = "PEM file of the private key (PKCS#8) of redis.tls.cert.file.";
    public static final String TLS_KEY_PASSWORD = "redis.tls.key.password";
    private static final String TLS_KEY_PASSWORD_DOC = "Password of redis.tls.key.file, when the key is encrypted.";
    public static final String TLS_KEYSTORE_FILE = "redis.tls.keystore.file";
    private static final String TLS_KEYSTORE_FILE_DOC = "JKS or PKCS12 key store with the client key and certificate "
            + "for mutual TLS, instead of redis.tls.cert.file and redis.tls.key.file.";
    public static final String TLS_KEYSTORE_PASSWORD = "redis.tls.keystore.password";
    private static final String TLS_KEYSTORE_PASSWORD_DOC = "Password of redis.tls.keystore.file.";
    public static final String TLS_VERIFY = "redis.tls.verify";
    private static final String TLS_VERIFY_DOC = "How the server's certificate is checked. full: signed by a trusted "
            + "CA and naming the host of redis.uri. ca: signed by a trusted CA, whatever host it names (servers "
            + "reached by IP address or through a tunnel). none: not checked, logged as a warning; anyone on the "
            + "path can pose as the server.";

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

    /** Adds the connection and TLS keys, each in their own group, to a connector's definition. */
    public static ConfigDef define(ConfigDef definition) {
        int order = 0;
        definition
                .define(URI, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new RedisUriValidator(), Importance.HIGH,
                        URI_DOC, GROUP, ++order, Width.LONG, "Redis URI")
                .define(USER, Type.STRING, null, Importance.MEDIUM, USER_DOC, GROUP, ++order, Width.MEDIUM, "User")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, PASSWORD_DOC, GROUP, ++order, Width.MEDIUM,
                        "Password")
                .define(TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW, TIMEOUT_MS_DOC,
                        GROUP, ++order, Width.SHORT, "Command timeout (ms)")
                .define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        CONNECT_TIMEOUT_MS_DOC, GROUP, ++order, Width.SHORT, "Connect timeout (ms)");
        return defineTls(definition);
    }

    private static ConfigDef defineTls(ConfigDef definition) {
        int order = 0;
        return definition
                .define(TLS_CA_FILE, Type.STRING, null, new ReadableFile(), Importance.MEDIUM, TLS_CA_FILE_DOC,
                        TLS_GROUP, ++order, Width.LONG, "CA certificates (PEM)")
                .define(TLS_TRUSTSTORE_FILE, Type.STRING, null, new ReadableFile(), Importance.LOW,
                        TLS_TRUSTSTORE_FILE_DOC, TLS_GROUP, ++order, Width.LONG, "Trust store")
                .define(TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, TLS_TRUSTSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(TLS_CERT_FILE, Type.STRING, null, new ReadableFile(), Importance.MEDIUM, TLS_CERT_FILE_DOC,
                        TLS_GROUP, ++order, Width.LONG, "Client certificate (PEM)")
                .define(TLS_KEY_FILE, Type.STRING, null, new ReadableFile(), Importance.MEDIUM, TLS_KEY_FILE_DOC,
                        TLS_GROUP, ++order, Width.LONG, "Client key (PEM)")
                .define(TLS_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, TLS_KEY_PASSWORD_DOC, TLS_GROUP,
                        ++order, Width.MEDIUM, "Client key password")
                .define(TLS_KEYSTORE_FILE, Type.STRING, null, new ReadableFile(), Importance.LOW,
                        TLS_KEYSTORE_FILE_DOC, TLS_GROUP, ++order, Width.LONG, "Key store")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, TLS_KEYSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, "Key store password")
                .define(TLS_VERIFY, Type.STRING, TlsVerify.FULL.code(), CodedEnum.validator(TlsVerify.class),
                        Importance.MEDIUM, TLS_VERIFY_DOC, TLS_GROUP, ++order, Width.SHORT, "Verify mode");
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
        return new Backoff(Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS)));
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
        RedisURI built = builder.build();
        String problem = tlsProblem(built.isSsl());
        if (problem != null) {
            throw new ConfigException(problem);
        }
        return new RedisEndpoint(built, Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS)), tls());
    }

    /** What a TLS connection trusts and shows. */
    public TlsSettings tls() {
        return new TlsSettings(file(TLS_CA_FILE), file(TLS_TRUSTSTORE_FILE), secret(TLS_TRUSTSTORE_PASSWORD),
                file(TLS_CERT_FILE), file(TLS_KEY_FILE), secret(TLS_KEY_PASSWORD), file(TLS_KEYSTORE_FILE),
                secret(TLS_KEYSTORE_PASSWORD), TlsVerify.fromCode(getString(TLS_VERIFY)));
    }

    private String file(String key) {
        String path = getString(key);
        return path == null || path.isEmpty() ? null : path;
    }

    private String secret(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }

    /**
     * What is wrong between the TLS keys, which ConfigDef checks one by one, or null: TLS files on a plain
     * connection, a certificate without its key, two sources of trust.
     */
    public String tlsProblem(boolean ssl) {
        TlsSettings tls = tls();
        if (!ssl && tls.customised()) {
            return "The " + TLS_GROUP + " keys (redis.tls.*) apply to TLS connections only: use rediss:// in " + URI;
        }
        if ((tls.certFile() == null) != (tls.keyFile() == null)) {
            return TLS_CERT_FILE + " and " + TLS_KEY_FILE + " go together: set both for mutual TLS, or neither";
        }
        if (tls.caFile() != null && tls.truststoreFile() != null) {
            return "Set " + TLS_CA_FILE + " or " + TLS_TRUSTSTORE_FILE + ", not both";
        }
        if (tls.certFile() != null && tls.keystoreFile() != null) {
            return "Set " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + ", or " + TLS_KEYSTORE_FILE + ", not both";
        }
        return null;
    }
}
