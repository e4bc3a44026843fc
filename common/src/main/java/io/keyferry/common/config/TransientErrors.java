package io.keyferry.common.config;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tells transient Redis errors (worth retrying: the server is unreachable, or its reply says it is loading, busy,
 * out of memory or moving slots, see {@link ErrorReply#isTransient()}) from errors that a retry cannot mend (a
 * rejected payload, a key the ACL forbids, ...).
 */
public final class TransientErrors {
    // "Connection disconnected": what Lettuce fails in-flight commands with when the connection drops, since
    // the connections reject rather than queue commands while disconnected.
    private static final List<String> DISCONNECTED = List.of("Connection closed", "Connection disconnected",
            "Currently not connected", "Connection reset", "Connection refused");

    private static final List<String> CERTIFICATE_REFUSED = List.of("PKIX", "certificate", "No subject alternative",
            "No name matching");

    private TransientErrors() {
    }

    public static boolean isTransient(Throwable error) {
        // A connection refused for its credentials is wrapped in a connection failure, but waiting will not mend it.
        if (ErrorReply.causes(error).anyMatch(cause -> ErrorReply.of(cause).refusesCredentials()
                || certificateRefused(cause))) {
            return false;
        }
        // A cluster topology reload that found no node reachable wraps the connection failure.
        if (ErrorReply.causes(error).skip(1)
                .anyMatch(cause -> cause instanceof RedisConnectionException || cause instanceof IOException)) {
            return true;
        }
        if (error instanceof RedisConnectionException || error instanceof RedisCommandTimeoutException) {
            return true;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof RedisException && DISCONNECTED.stream().anyMatch(message::contains)) {
            return true;
        }
        return ErrorReply.of(error).isTransient() || error instanceof IOException;
    }

    /**
     * A certificate refused is refused again: the configuration must change. A handshake cut short (the server
     * restarting) is not about certificates and stays transient.
     */
    private static boolean certificateRefused(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof CertificateException || cause instanceof SSLHandshakeException && message != null
                && CERTIFICATE_REFUSED.stream().anyMatch(message::contains);
    }
}
