package io.keyferry.source.replication;

import com.moilioncircle.redis.replicator.Configuration;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TlsSettings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;

/**
 * How redis-replicator reaches the server: the endpoint's credentials, and over {@code rediss://} the same CA,
 * client certificate and verify mode as every other connection of the connector.
 */
final class LinkSettings {
    private LinkSettings() {
    }

    /** A redis-replicator configuration for {@code endpoint}, with its defaults for everything else. */
    static Configuration of(RedisEndpoint endpoint) {
        RedisURI uri = endpoint.uri();
        Configuration configuration = Configuration.defaultSetting()
                .setConnectionTimeout((int) uri.getTimeout().toMillis());
        RedisCredentials credentials = uri.getCredentialsProvider() == null ? null
                : uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(10));
        if (credentials != null && credentials.hasUsername()) {
            configuration.setAuthUser(credentials.getUsername());
        }
        if (credentials != null && credentials.hasPassword()) {
            configuration.setAuthPassword(new String(credentials.getPassword()));
        }
        if (uri.isSsl()) {
            TlsSettings tls = endpoint.tls();
            SSLParameters parameters = new SSLParameters();
            if (tls.verify().checksHost()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            // Made at each connection, so that certificates renewed on disk are picked up by the next one.
            configuration.setSsl(true).setSslParameters(parameters).setSslContextFactory(() -> {
                try {
                    return tls.sslContext();
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalStateException("Cannot read the TLS settings " + tls + ": " + e.getMessage(), e);
                }
            });
        }
        return configuration;
    }
}
