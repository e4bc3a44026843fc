package io.keyferry.sink.write;

import static io.keyferry.sink.write.RecordingWriter.keyOf;
import static io.keyferry.sink.write.RecordingWriter.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeRouterTest {
    private static final String A = "10.0.0.1:7001";
    private static final String B = "10.0.0.2:7002";
    private static final String C = "10.0.0.3:7003";
    /** Keys whose slots lie in the lower and the upper half of the slots. */
    private static final String LOW = keyWithSlotIn(0, 8191);
    private static final String HIGH = keyWithSlotIn(8192, 16383);

    /** The slot owners the router reads: {@code next} once it reloads, when one is set. */
    private static final class FakeTopology implements NodeRouter.Topology {
        Partitions current;
        Partitions next;
        int reloads;

        FakeTopology(Partitions current) {
            this.current = current;
        }

        @Override
        public Partitions partitions() {
            return current;
        }

        @Override
        public void reload() {
            reloads++;
            if (next != null) {
                current = next;
            }
        }
    }

    private final Map<String, RecordingWriter> nodes = new HashMap<>();

    private static String keyWithSlotIn(int from, int to) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "key" + i)
                .filter(key -> SlotHash.getSlot(key) >= from && SlotHash.getSlot(key) <= to).findFirst().orElseThrow();
    }

    private static RedisClusterNode primary(String address, int from, int to) {
        List<Integer> slots = IntStream.rangeClosed(from, to).boxed().toList();
        return new RedisClusterNode(RedisURI.create("redis://" + address), address, true, null, 0, 0, 0, slots,
                Set.of(RedisClusterNode.NodeFlag.UPSTREAM));
    }

    private static Partitions topology(RedisClusterNode... primaries) {
        Partitions partitions = new Partitions();
        partitions.reload(List.of(primaries));
        return partitions;
    }

    private static String message(FailedWrite failure) {
        return failure.error().getMessage();
    }

    /** A router whose node at each address answers as {@code answers} says; unknown nodes take every write. */
    private NodeRouter router(FakeTopology topology, Map<String, RecordingWriter.Answers> answers) {
        return new NodeRouter(topology, (host, port) -> nodes.computeIfAbsent(host + ":" + port,
                address -> new RecordingWriter(answers.getOrDefault(address, (write, batch, asking) -> null))),
                "the cluster");
    }

    @Test
    void eachWriteGoesToThePrimaryOfItsSlot() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 8191), primary(B, 8192, 16383)));
        NodeRouter router = router(topology, Map.of());

        assertEquals(List.of(), router.write(List.of(stateOf(LOW), stateOf(HIGH))));

        assertEquals(List.of(List.of(LOW)), nodes.get(A).keysByBatch());
        assertEquals(List.of(List.of(HIGH)), nodes.get(B).keysByBatch());
        assertEquals(0, topology.reloads);
    }

    @Test
    void movedReloadsTheTopologyAndTheRetryGoesToTheNewOwner() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 8191), primary(B, 8192, 16383)));
        topology.next = topology(primary(B, 0, 16383));
        NodeRouter router = router(topology, Map.of(A, (write, batch, asking) ->
                new RedisCommandExecutionException("MOVED " + SlotHash.getSlot(LOW) + " " + B)));

        List<FailedWrite> failed = router.write(List.of(stateOf(LOW)));

        assertEquals(1, failed.size());
        assertTrue(message(failed.get(0)).startsWith("MOVED"), "handed back to be retried");
        assertEquals(1, topology.reloads);
        assertTrue(nodes.get(A).closed, "no longer a primary");

        assertEquals(List.of(), router.write(List.of(stateOf(LOW))));
        assertEquals(List.of(List.of(LOW)), nodes.get(B).keysByBatch());
        assertEquals(1, nodes.get(A).batches.size());
        assertEquals(1, topology.reloads);
    }

    @Test
    void askSendsTheWriteOnceMoreWithAskingToTheNodeNamed() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 16383)));
        NodeRouter router = router(topology, Map.of(A, (write, batch, asking) -> keyOf(write).equals(LOW)
                ? new RedisCommandExecutionException("ASK " + SlotHash.getSlot(LOW) + " " + C) : null));

        assertEquals(List.of(), router.write(List.of(stateOf(LOW), stateOf(HIGH))));

        assertEquals(List.of(List.of(LOW, HIGH)), nodes.get(A).keysByBatch());
        assertFalse(nodes.get(A).batches.get(0).asking());
        List<RecordingWriter.Batch> asked = nodes.get(C).batches;
        assertEquals(1, asked.size());
        assertEquals(List.of(LOW), asked.get(0).keys());
        assertTrue(asked.get(0).asking());
        assertEquals(0, topology.reloads, "the slot's owner has not changed");
    }

    @Test
    void aWriteAskedForAgainIsHandedBackNotFollowedTwice() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 16383)));
        RecordingWriter.Answers ask = (write, batch, asking) ->
                new RedisCommandExecutionException("ASK " + SlotHash.getSlot(LOW) + " " + C);
        NodeRouter router = router(topology, Map.of(A, ask, C, ask));

        List<FailedWrite> failed = router.write(List.of(stateOf(LOW)));

        assertEquals(1, failed.size());
        assertTrue(message(failed.get(0)).startsWith("ASK"));
        assertEquals(1, nodes.get(C).batches.size());
        assertEquals(1, topology.reloads, "a transient failure reloads the topology");
    }

    @Test
    void aSlotNoPrimaryServesAndAPrimaryThatCannotBeReachedFailOnlyTheirWrites() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 8191)));
        NodeRouter router = router(topology, Map.of());

        List<FailedWrite> failed = router.write(List.of(stateOf(LOW), stateOf(HIGH)));

        assertEquals(1, failed.size());
        assertTrue(message(failed.get(0)).startsWith("CLUSTERDOWN Hash slot " + SlotHash.getSlot(HIGH)),
                message(failed.get(0)));
        assertEquals(List.of(List.of(LOW)), nodes.get(A).keysByBatch());
        assertEquals(1, topology.reloads);

        topology.current = topology(primary(A, 0, 8191), primary(B, 8192, 16383));
        NodeRouter unreachable = new NodeRouter(topology, (host, port) -> {
            if (port == 7002) {
                throw new RedisConnectionException("Unable to connect to " + B);
            }
            return nodes.get(A);
        }, "the cluster");
        failed = unreachable.write(List.of(stateOf(LOW), stateOf(HIGH)));
        assertEquals(List.of("Unable to connect to " + B), failed.stream().map(NodeRouterTest::message).toList());
        assertEquals(List.of(LOW), nodes.get(A).batches.get(1).keys());
    }

    @Test
    void waitsOnEveryPrimaryWrittenToUntilAllHaveEnoughReplicas() throws InterruptedException {
        FakeTopology topology = new FakeTopology(topology(primary(A, 0, 8191), primary(B, 8192, 16383)));
        NodeRouter router = router(topology, Map.of());
        router.write(List.of(stateOf(LOW), stateOf(HIGH)));
        nodes.get(A).replicaAnswers.addAll(List.of(2L, 2L));
        nodes.get(B).replicaAnswers.addAll(List.of(1L, 2L));

        assertEquals(1, router.waitForReplicas(2, Duration.ofMillis(100)));
        assertEquals(2, router.waitForReplicas(2, Duration.ofMillis(100)), "both waited on again");
        assertEquals(Long.MAX_VALUE, router.waitForReplicas(2, Duration.ofMillis(100)), "nothing written since");
        assertEquals(2, nodes.get(A).waits);
        assertEquals(2, nodes.get(B).waits);
    }
}
