package io.keyferry.common.config;

import java.util.List;

/** What a failed TLS handshake means for the user, from the JVM's words for it, and which key to change. */
final class TlsFailures {
    private record Rule(List<String> clues, String explanation) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(List.of("CertificateExpiredException", "NotAfter", "certificate expired", "has expired"),
                    "The server's certificate has expired: renew it on the server."),
            new Rule(List.of("CertificateNotYetValidException", "NotBefore"),
                    "The server's certificate is not valid yet: check the clocks of the server and the worker."),
            new Rule(List.of("No subject alternative", "No name matching", "doesn't match any of the subject"),
                    "The server's certificate does not name the host of " + RedisConnectionConfig.URI + ": connect by "
                            + "a name the certificate has, or set " + RedisConnectionConfig.TLS_VERIFY
                            + "=ca to check the CA only."),
            new Rule(List.of("PKIX path", "unable to find valid certification path", "signature check failed",
                    "Path does not chain"),
                    "The server's certificate is not signed by a CA this worker trusts: set "
                            + RedisConnectionConfig.TLS_CA_FILE + " (or " + RedisConnectionConfig.TLS_TRUSTSTORE_FILE
                            + ") to the CA that signed it."),
            new Rule(List.of("certificate_required", "bad_certificate", "peer did not return a certificate"),
                    "The server asks for a client certificate (mutual TLS) and got none it accepts: set "
                            + RedisConnectionConfig.TLS_CERT_FILE + " and " + RedisConnectionConfig.TLS_KEY_FILE
                            + " (or " + RedisConnectionConfig.TLS_KEYSTORE_FILE + ") to a certificate its CA signed."),
            new Rule(List.of("not an SSL/TLS record", "SslHandshakeTimeoutException", "handshake timed out"),
                    "The server does not speak TLS on this port: use redis:// or the server's TLS port."));

    private TlsFailures() {
    }

    /** @return what to change, or null when the failure is not a TLS one */
    static String explain(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            chain.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append('\n');
        }
        String text = chain.toString();
        for (Rule rule : RULES) {
            if (rule.clues().stream().anyMatch(text::contains)) {
                return rule.explanation();
            }
        }
        return null;
    }
}
