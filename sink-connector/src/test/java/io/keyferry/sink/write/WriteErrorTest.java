package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class WriteErrorTest {
    @Test
    void connectionFailuresAndTimeoutsAreTransient() {
        assertTrue(WriteError.isTransient(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")));
        assertTrue(WriteError.isTransient(new RedisCommandTimeoutException("Command timed out after 10 second(s)")));
        assertTrue(WriteError.isTransient(new RedisCommandTimeoutException()));
        assertTrue(WriteError.isTransient(new RedisException("Connection closed")));
        assertTrue(WriteError.isTransient(new RedisException("Currently not connected. Commands are rejected.")));
        assertTrue(WriteError.isTransient(new RedisException("java.io.IOException: Connection reset by peer")));
        assertTrue(WriteError.isTransient(new IOException("Broken pipe")));
        assertTrue(WriteError.isTransient(new ConnectException("Connection refused")));
    }

    @Test
    void transientServerRepliesAreTransient() {
        for (String reply : new String[] {
                "LOADING Redis is loading the dataset in memory",
                "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                "TRYAGAIN Multiple keys request during rehashing of slot",
                "CLUSTERDOWN The cluster is down",
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                "OOM command not allowed when used memory > 'maxmemory'.",
                "NOREPLICAS Not enough good replicas to write.",
                "READONLY You can't write against a read only replica."}) {
            assertTrue(WriteError.isTransient(new RedisException(reply)), reply);
            assertTrue(WriteError.isTransient(new RedisCommandExecutionException(reply)), reply);
        }
    }

    @Test
    void errorsOfOneRecordAreNotTransient() {
        for (String reply : new String[] {
                "ERR DUMP payload version or checksum are wrong",
                "ERR Bad data format",
                "NOPERM User alice has no permissions to run the 'restore' command",
                "BUSYKEY Target key name already exists.",
                "WRONGTYPE Operation against a key holding the wrong kind of value",
                "ERR something mentioning LOADING later"}) {
            assertFalse(WriteError.isTransient(new RedisCommandExecutionException(reply)), reply);
        }
    }

    @Test
    void otherExceptionsAreNotTransient() {
        assertFalse(WriteError.isTransient(new IllegalStateException("Connection closed")));
        assertFalse(WriteError.isTransient(new RuntimeException()));
        assertFalse(WriteError.isTransient(new RedisException((String) null)));
    }
}
