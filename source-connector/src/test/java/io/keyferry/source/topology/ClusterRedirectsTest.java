package io.keyferry.source.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

class ClusterRedirectsTest {
    @Test
    void movedAskAndNonLocalScriptKeysAreRedirects() {
        assertTrue(ClusterRedirects.isRedirect(new RedisCommandExecutionException("MOVED 3999 127.0.0.1:7001")));
        assertTrue(ClusterRedirects.isRedirect(new RedisCommandExecutionException("ASK 3999 127.0.0.1:7001")));
        assertTrue(ClusterRedirects.isRedirect(new RedisException("wrapped",
                new RedisCommandExecutionException("ERR Script attempted to access a non local key in a cluster "
                        + "node script: b8c3, on @user_script:2."))));
    }

    @Test
    void otherErrorsAreNot() {
        assertFalse(ClusterRedirects.isRedirect(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")));
        assertFalse(ClusterRedirects.isRedirect(new RedisException("Connection closed")));
        assertFalse(ClusterRedirects.isRedirect(new RedisCommandExecutionException("ERR unknown command 'ASKME'")));
    }
}
