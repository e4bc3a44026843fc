package io.keyferry.source.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyferry.common.record.SlotSet;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlotPlanTest {
    static ClusterTopology topology(String... primarySlots) {
        Partitions partitions = new Partitions();
        for (int i = 0; i < primarySlots.length; i++) {
            RedisClusterNode node = new RedisClusterNode();
            node.setNodeId("node-" + i);
            node.setUri(RedisURI.create("127.0.0.1", 7000 + i));
            node.setFlags(Set.of(RedisClusterNode.NodeFlag.UPSTREAM));
            List<Integer> slots = new ArrayList<>();
            SlotSet.parse(primarySlots[i]).forEach(slots::add);
            node.setSlots(slots);
            partitions.add(node);
            RedisClusterNode replica = new RedisClusterNode();
            replica.setNodeId("replica-" + i);
            replica.setUri(RedisURI.create("127.0.0.1", 7100 + i));
            replica.setFlags(Set.of(RedisClusterNode.NodeFlag.REPLICA));
            partitions.add(replica);
        }
        return ClusterTopology.of(partitions);
    }

    @Test
    void oneTaskPerPrimaryAtMost() {
        ClusterTopology three = topology("10922-16383", "0-5460", "5461-10921");
        assertEquals(List.of("0-5460", "5461-10921", "10922-16383"),
                SlotPlan.split(three, 3).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-5460", "5461-10921", "10922-16383"),
                SlotPlan.split(three, 8).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-16383"), SlotPlan.split(three, 1).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-5460", "5461-16383"), SlotPlan.split(three, 2).stream().map(SlotSet::toString).toList());
    }

    @Test
    void everySlotHasATaskEvenWhenNoPrimaryHoldsIt() {
        List<SlotSet> shares = SlotPlan.split(topology("100-8000", "8001-16000,16383"), 2);
        assertEquals(List.of("0-8000,16001-16382", "8001-16000,16383"), shares.stream().map(SlotSet::toString).toList());
        assertEquals(16384, shares.stream().mapToInt(SlotSet::size).sum());
    }

    @Test
    void holdersAreThePrimariesWithSomeOfTheSlots() {
        ClusterTopology topology = topology("0-5460", "5461-10921,16000-16383", "10922-15999");
        assertEquals(List.of("node-0", "node-1"), List.copyOf(topology.holders(SlotSet.parse("5000-5500")).keySet()));
        assertEquals("5461-5500", topology.holders(SlotSet.parse("5000-5500")).get("node-1").slots().toString());
        assertEquals("node-1", topology.ownerOf(16383).nodeId());
        IntStream.of(0, 5460).forEach(slot -> assertEquals("node-0", topology.ownerOf(slot).nodeId()));
    }

    @Test
    void aSelectionNarrowsEachShareAndDropsTheEmptyOnes() {
        ClusterTopology three = topology("0-5460", "5461-10921", "10922-16383");
        assertEquals(List.of("0-100", "12000-16383"), SlotPlan.split(three, 3, SlotSet.parse("0-100,12000-16383"))
                .stream().map(SlotSet::toString).toList());
    }

    @Test
    void aStandaloneSelectionSplitsIntoRunsOfEqualCounts() {
        assertEquals(List.of("0-8191", "8192-16383"),
                SlotPlan.splitSelection(SlotSet.ALL, 2).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-99", "1000-1099"), SlotPlan.splitSelection(SlotSet.parse("0-99,1000-1099"), 2)
                .stream().map(SlotSet::toString).toList());
        assertEquals(List.of("5", "6"), SlotPlan.splitSelection(SlotSet.parse("5-6"), 4).stream()
                .map(SlotSet::toString).toList(), "never more tasks than slots");
    }
}
