package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class TransientErrorsTest {
    @Test
    void connectionFailuresAndTimeoutsAreTransient() {
        assertTrue(TransientErrors.isTransient(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")));
        assertTrue(TransientErrors.isTransient(
                new RedisCommandTimeoutException("Command timed out after 10 second(s)")));
        assertTrue(TransientErrors.isTransient(new RedisCommandTimeoutException()));
        assertTrue(TransientErrors.isTransient(new RedisException("Connection closed")));
        assertTrue(TransientErrors.isTransient(new RedisException("Connection disconnected")));
        assertTrue(TransientErrors.isTransient(new RedisException("Currently not connected. Commands are rejected.")));
        assertTrue(TransientErrors.isTransient(new RedisException("java.io.IOException: Connection reset by peer")));
        assertTrue(TransientErrors.isTransient(new IOException("Broken pipe")));
        assertTrue(TransientErrors.isTransient(new ConnectException("Connection refused")));
        assertTrue(TransientErrors.isTransient(new RedisException("Cannot reload Redis Cluster topology",
                new RedisException("Cannot retrieve cluster partitions", new RedisConnectionException("refused")))));
    }

    @Test
    void aReplyIsTransientWhenErrorReplySaysSo() {
        // Which replies are transient is ErrorReplyTest's; this is that the error's own reply is asked.
        for (String reply : new String[] {"LOADING Redis is loading the dataset", "MOVED 3999 127.0.0.1:6381"}) {
            assertTrue(TransientErrors.isTransient(new RedisException(reply)), reply);
            assertTrue(TransientErrors.isTransient(new RedisCommandExecutionException(reply)), reply);
        }
        for (String reply : new String[] {"ERR Bad data format", "BUSYKEY Target key name already exists."}) {
            assertFalse(TransientErrors.isTransient(new RedisCommandExecutionException(reply)), reply);
        }
    }

    @Test
    void connectionsRefusedForTheirCredentialsAreNotTransient() {
        for (String reply : new String[] {
                "WRONGPASS invalid username-password pair or user is disabled.",
                "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH "
                        + "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
                        + "version at the same time",
                "ERR invalid password",
                "NOPERM this user has no permissions to access one of the keys used as arguments"}) {
            assertFalse(TransientErrors.isTransient(new RedisConnectionException("Unable to connect to 127.0.0.1:6379",
                    new RedisCommandExecutionException(reply))), reply);
        }
    }

    @Test
    void refusedCertificatesAreNotTransient() {
        assertFalse(TransientErrors.isTransient(new RedisConnectionException("Unable to connect to 127.0.0.1:6380",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))));
        assertFalse(TransientErrors.isTransient(new RedisConnectionException("Unable to connect to 127.0.0.1:6380",
                new RuntimeException(new java.security.cert.CertificateExpiredException("NotAfter")))));
    }

    @Test
    void otherExceptionsAreNotTransient() {
        assertFalse(TransientErrors.isTransient(new IllegalStateException("Connection closed")));
        assertFalse(TransientErrors.isTransient(new RuntimeException()));
        assertFalse(TransientErrors.isTransient(new RedisException((String) null)));
    }
}
