package io.keyferry.it.harness;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the integration tests that need Kafka and Connect: one cluster per test class (started once, it
 * takes seconds), and no connector left running from one test into the next, even a failed one.
 */
public abstract class ConnectClusterTest {
    protected static ConnectCluster cluster;

    @BeforeAll
    static void startCluster(TestInfo test) {
        cluster = ConnectCluster.start(test.getTestClass().map(Class::getSimpleName).orElse("connect"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void deleteConnectors() {
        cluster.deleteAll();
    }
}
