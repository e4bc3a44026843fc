package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.config.ErrorReply.Code;
import io.keyferry.common.config.ErrorReply.Redirect;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {
    private static ErrorReply reply(String text) {
        return ErrorReply.of(new RedisCommandExecutionException(text));
    }

    @Test
    void theCodeIsTheReplysFirstWord() {
        assertEquals(Code.MOVED, reply("MOVED 3999 127.0.0.1:6381").code());
        assertEquals(Code.ERR, reply("ERR Bad data format").code());
        assertEquals("Bad data format", reply("ERR Bad data format").detail());
        assertEquals(Code.OTHER, reply("BUSYKEY Target key name already exists.").code(), "BUSYKEY is not BUSY");
        assertEquals(Code.OTHER, reply("ASKME").code());
        assertEquals(Code.OTHER, ErrorReply.of(new RedisCommandTimeoutException()).code());
        assertEquals(new ErrorReply(Code.OTHER, ""), ErrorReply.of(null));
        assertEquals(new ErrorReply(Code.OTHER, ""), ErrorReply.of(new RedisException((String) null)));
    }

    @Test
    void movedAndAskNameTheSlotAndTheNode() {
        assertEquals(Optional.of(new Redirect(false, 3999, "127.0.0.1", 6381)),
                reply("MOVED 3999 127.0.0.1:6381").redirect());
        assertEquals(Optional.of(new Redirect(true, 12, "redis-2.internal", 7002)),
                reply("ASK 12 redis-2.internal:7002").redirect());
        assertEquals(Optional.of(new Redirect(true, 12, "::1", 7002)), reply("ASK 12 ::1:7002").redirect());
        assertEquals(Optional.empty(), reply("ASK 12 nowhere").redirect());
        assertEquals(Optional.empty(), reply("MOVED").redirect());
        assertEquals(Optional.empty(), reply("ERR ASK 12 127.0.0.1:7002").redirect());
    }

    @Test
    void movedAskAndNonLocalScriptKeysAreRedirects() {
        assertTrue(ErrorReply.isRedirect(new RedisCommandExecutionException("MOVED 3999 127.0.0.1:7001")));
        assertTrue(ErrorReply.isRedirect(new RedisCommandExecutionException("ASK 3999 127.0.0.1:7001")));
        assertTrue(ErrorReply.isRedirect(new RedisException("wrapped",
                new RedisCommandExecutionException("ERR Script attempted to access a non local key in a cluster "
                        + "node script: b8c3, on @user_script:2."))));
    }

    @Test
    void otherErrorsAreNoRedirects() {
        assertFalse(ErrorReply.isRedirect(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")));
        assertFalse(ErrorReply.isRedirect(new RedisException("Connection closed")));
        assertFalse(ErrorReply.isRedirect(new RedisCommandExecutionException("ERR unknown command 'ASKME'")));
    }

    @Test
    void transientServerRepliesAreTransient() {
        for (String text : new String[] {
                "LOADING Redis is loading the dataset in memory",
                "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                "TRYAGAIN Multiple keys request during rehashing of slot",
                "CLUSTERDOWN The cluster is down",
                "MOVED 3999 127.0.0.1:6381",
                "ERR Error running script (call to f_1): @user_script:4: Script attempted to execute a command "
                        + "while the cluster is down",
                "ERR Error running script (call to f_1): @user_script:4: OOM command not allowed when used memory "
                        + "> 'maxmemory'.",
                "ASK 3999 127.0.0.1:6381",
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                "OOM command not allowed when used memory > 'maxmemory'.",
                "NOREPLICAS Not enough good replicas to write.",
                "READONLY You can't write against a read only replica."}) {
            assertTrue(reply(text).isTransient(), text);
        }
    }

    @Test
    void errorsOfOneRecordAreNotTransient() {
        for (String text : new String[] {
                "ERR DUMP payload version or checksum are wrong",
                "ERR Bad data format",
                "NOPERM User alice has no permissions to run the 'restore' command",
                "BUSYKEY Target key name already exists.",
                "WRONGTYPE Operation against a key holding the wrong kind of value",
                "ERR something mentioning LOADING later"}) {
            assertFalse(reply(text).isTransient(), text);
        }
    }

    @Test
    void refusedCredentialsAreToldFromOtherErrors() {
        for (String text : new String[] {
                "WRONGPASS invalid username-password pair or user is disabled.",
                "NOAUTH Authentication required.",
                "NOPERM this user has no permissions to access one of the keys used as arguments",
                "ERR invalid password",
                "ERR invalid username-password pair",
                "ERR AUTH <password> called without any password configured for the default user."}) {
            assertTrue(reply(text).refusesCredentials(), text);
        }
        assertFalse(reply("ERR Bad data format").refusesCredentials());
        assertFalse(reply("LOADING Redis is loading the dataset in memory").refusesCredentials());
    }
}
