package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {
    @Test
    void clusterModeIsReadFromInfoCluster() {
        assertTrue(RedisEndpoint.isCluster("# Cluster\r\ncluster_enabled:1\r\n"));
        assertFalse(RedisEndpoint.isCluster("# Cluster\r\ncluster_enabled:0\r\n"));
        assertFalse(RedisEndpoint.isCluster(""));
    }

    @Test
    void aNodeKeepsCredentialsAndTlsButNeverShowsThem() {
        RedisURI seed = RedisURI.builder().withHost("10.0.0.1").withPort(7000).withSsl(true)
                .withAuthentication("app", "secret".toCharArray()).build();
        RedisEndpoint node = new RedisEndpoint(seed, Duration.ofSeconds(1)).atNode("10.0.0.2", 7001);
        RedisCredentials credentials = node.uri().getCredentialsProvider().resolveCredentials().block();
        assertEquals("app", credentials.getUsername());
        assertEquals("secret", new String(credentials.getPassword()));
        assertTrue(node.uri().isSsl());
        assertEquals("rediss://10.0.0.2:7001/0", node.describe());
    }
}
