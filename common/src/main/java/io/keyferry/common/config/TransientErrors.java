package io.keyferry.common.config;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tells transient Redis errors (worth retrying: the server is unreachable, loading, busy, out of memory or
 * moving slots) from errors that a retry cannot mend (a rejected payload, a key the ACL forbids, ...).
 */
public final class TransientErrors {
    private static final List<String> TRANSIENT_REPLIES = List.of(
            "LOADING", "BUSY ", "TRYAGAIN", "CLUSTERDOWN", "MOVED ", "ASK ", "MASTERDOWN", "OOM ", "NOREPLICAS", "READONLY");
    // "Connection disconnected": what Lettuce fails in-flight commands with when the connection drops, since
    // the connections reject rather than queue commands while disconnected.
    private static final List<String> DISCONNECTED = List.of("Connection closed", "Connection disconnected",
            "Currently not connected", "Connection reset", "Connection refused");

    // A script's command refused while the cluster is down, or for want of memory: a Lua error (Redis 6.2
    // wraps the reply in it), not a CLUSTERDOWN or OOM reply.
    private static final String SCRIPT_CLUSTER_DOWN = "while the cluster is down";
    private static final String SCRIPT_OOM = "OOM command not allowed";

    // A connection refused for its credentials is wrapped in a connection failure, but waiting will not mend it.
    private static final List<String> AUTH_REFUSED = List.of("NOAUTH", "WRONGPASS", "NOPERM",
            "ERR invalid password", "ERR invalid username-password pair", "ERR AUTH");

    private static final List<String> CERTIFICATE_REFUSED = List.of("PKIX", "certificate", "No subject alternative",
            "No name matching");

    private TransientErrors() {
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && AUTH_REFUSED.stream().anyMatch(message::startsWith)) {
                return false;
            }
            // A certificate refused is refused again: the configuration must change. A handshake cut short (the
            // server restarting) is not about certificates and stays transient.
            if (cause instanceof CertificateException || cause instanceof SSLHandshakeException && message != null
                    && CERTIFICATE_REFUSED.stream().anyMatch(message::contains)) {
                return false;
            }
        }
        // A cluster topology reload that found no node reachable wraps the connection failure.
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof RedisConnectionException || cause instanceof IOException) {
                return true;
            }
        }
        if (error instanceof RedisConnectionException || error instanceof RedisCommandTimeoutException) {
            return true;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof RedisException && DISCONNECTED.stream().anyMatch(message::contains)) {
            return true;
        }
        return TRANSIENT_REPLIES.stream().anyMatch(message::startsWith)
                || message.contains(SCRIPT_CLUSTER_DOWN) || message.contains(SCRIPT_OOM)
                || error instanceof IOException;
    }
}
