package io.keyferry.it.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterTest {
    @Test
    void threePrimariesWithAReplicaEachShareTheSlotsAndReplicate() {
        List<ProcessHandle> processes;
        try (RedisCluster cluster = RedisCluster.start(3, 1)) {
            processes = cluster.nodes().stream().map(RedisServer::processHandle).toList();
            assertEquals(3, cluster.primaries().size());
            assertEquals(3, cluster.replicas().size());
            for (int i = 0; i < 1000; i++) {
                cluster.sync().set(("key:" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(1000, cluster.dbsize());
            assertTrue(cluster.primaries().stream().allMatch(p -> p.sync().dbsize() > 200),
                    "keys spread over every primary");
            Await.until("the replicas to hold their primaries' keys", Duration.ofSeconds(30), () -> cluster.replicas()
                    .stream().mapToLong(r -> r.sync().dbsize()).sum() == 1000);
            assertArrayEquals("v7".getBytes(StandardCharsets.UTF_8),
                    cluster.sync().get("key:7".getBytes(StandardCharsets.UTF_8)));
        }
        assertFalse(processes.stream().anyMatch(ProcessHandle::isAlive), "every node stopped");
    }
}
