package io.keyferry.launcher;

import io.keyferry.common.config.RedisConnectionConfig;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.RedisUriValidator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * Source and target addresses, credentials and TLS, shared by migrate and compare. Each side becomes the
 * connection keys of its connector ({@code redis.uri}, {@code redis.tls.*}, ...), so the launcher's own
 * connections and the connectors' are made the same way.
 */
final class RedisOptions {
    private static final ConfigDef CONNECTION = RedisConnectionConfig.define(new ConfigDef());

    @Option(names = "--source", required = true, paramLabel = "URI",
            description = "Source database: redis://host:port[/db] or rediss://… (TLS).")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URI",
            description = "Target database: redis://host:port[/db] or rediss://… (TLS).")
    String target;

    @Option(names = "--source-user", paramLabel = "USER", description = "ACL user on the source.")
    String sourceUser;

    @Option(names = "--target-user", paramLabel = "USER", description = "ACL user on the target.")
    String targetUser;

    @Option(names = "--source-password", paramLabel = "PASSWORD", defaultValue = "${env:KEYFERRY_SOURCE_PASSWORD}",
            description = "Source password (default: $KEYFERRY_SOURCE_PASSWORD). Never put it in the URI.")
    String sourcePassword;

    @Option(names = "--target-password", paramLabel = "PASSWORD", defaultValue = "${env:KEYFERRY_TARGET_PASSWORD}",
            description = "Target password (default: $KEYFERRY_TARGET_PASSWORD).")
    String targetPassword;

    @Option(names = "--source-tls-ca", paramLabel = "PEM", description = "CA certificates that signed the source's "
            + "certificate (a private CA), instead of the JVM's trust store.")
    String sourceTlsCa;

    @Option(names = "--target-tls-ca", paramLabel = "PEM", description = "CA certificates for the target.")
    String targetTlsCa;

    @Option(names = "--source-tls-cert", paramLabel = "PEM", description = "Client certificate for the source "
            + "(mutual TLS), with --source-tls-key.")
    String sourceTlsCert;

    @Option(names = "--target-tls-cert", paramLabel = "PEM", description = "Client certificate for the target.")
    String targetTlsCert;

    @Option(names = "--source-tls-key", paramLabel = "PEM", description = "Private key (PKCS#8) of --source-tls-cert.")
    String sourceTlsKey;

    @Option(names = "--target-tls-key", paramLabel = "PEM", description = "Private key of --target-tls-cert.")
    String targetTlsKey;

    @Option(names = "--source-tls-verify", paramLabel = "MODE", description = "full (CA and host name, the default), "
            + "ca (CA only) or none.")
    String sourceTlsVerify;

    @Option(names = "--target-tls-verify", paramLabel = "MODE", description = "full, ca or none, for the target.")
    String targetTlsVerify;

    /** The source's connection keys, as its connector takes them. */
    Map<String, String> sourceConnection() {
        return connection("--source", source, sourceUser, sourcePassword, sourceTlsCa, sourceTlsCert, sourceTlsKey,
                sourceTlsVerify);
    }

    /** The target's connection keys, as its connector takes them. */
    Map<String, String> targetConnection() {
        return connection("--target", target, targetUser, targetPassword, targetTlsCa, targetTlsCert, targetTlsKey,
                targetTlsVerify);
    }

    RedisEndpoint sourceEndpoint() {
        return endpoint("--source", sourceConnection());
    }

    RedisEndpoint targetEndpoint() {
        return endpoint("--target", targetConnection());
    }

    /**
     * @param option the option the URI came from, for the message, which never quotes the URI: a URI with a
     *               password in it would be printed, logged and shown in Connect's REST API, so it is refused
     */
    private static Map<String, String> connection(String option, String uri, String user, String password, String ca,
                                                  String cert, String key, String verify) {
        if (RedisUriValidator.hasCredentials(uri)) {
            throw new IllegalArgumentException(option + " carries credentials, which would be printed and shown in "
                    + "Connect's REST API: remove them from the URI and use " + option + "-user and " + option
                    + "-password (or KEYFERRY_" + option.substring(2).toUpperCase(Locale.ROOT) + "_PASSWORD)");
        }
        Map<String, String> config = new HashMap<>();
        config.put(RedisConnectionConfig.URI, uri);
        putIfSet(config, RedisConnectionConfig.USER, user);
        putIfSet(config, RedisConnectionConfig.PASSWORD, password);
        putIfSet(config, RedisConnectionConfig.TLS_CA_FILE, ca);
        putIfSet(config, RedisConnectionConfig.TLS_CERT_FILE, cert);
        putIfSet(config, RedisConnectionConfig.TLS_KEY_FILE, key);
        putIfSet(config, RedisConnectionConfig.TLS_VERIFY, verify);
        return config;
    }

    private static void putIfSet(Map<String, String> config, String key, String value) {
        if (value != null && !value.isEmpty()) {
            config.put(key, value);
        }
    }

    /**
     * The endpoint the connector would make of these keys, for the launcher's own reads; a problem names the
     * launcher's options.
     */
    private static RedisEndpoint endpoint(String option, Map<String, String> connection) {
        try {
            return new RedisConnectionConfig(CONNECTION, connection).endpoint().patientReader();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(inOptionTerms(option, e.getMessage()));
        }
    }

    /** A message about the connection keys of a side, in the names of the launcher's options for it. */
    static String inOptionTerms(String option, String message) {
        for (Map.Entry<String, String> name : optionNames(option).entrySet()) {
            message = message.replace(name.getKey(), name.getValue());
        }
        return message;
    }

    private static Map<String, String> optionNames(String option) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(RedisConnectionConfig.TLS_CA_FILE, option + "-tls-ca");
        names.put(RedisConnectionConfig.TLS_CERT_FILE, option + "-tls-cert");
        names.put(RedisConnectionConfig.TLS_KEY_FILE, option + "-tls-key");
        names.put(RedisConnectionConfig.TLS_VERIFY, option + "-tls-verify");
        names.put(RedisConnectionConfig.URI, option);
        return names;
    }
}
