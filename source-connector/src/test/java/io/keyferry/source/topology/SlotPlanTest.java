package io.keyferry.source.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyferry.common.record.SlotSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlotPlanTest {
    @Test
    void oneTaskPerPrimaryAtMost() {
        ClusterTopology three = TestTopologies.primaries("10922-16383", "0-5460", "5461-10921");
        assertEquals(List.of("0-5460", "5461-10921", "10922-16383"),
                SlotPlan.split(three, 3).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-5460", "5461-10921", "10922-16383"),
                SlotPlan.split(three, 8).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-16383"), SlotPlan.split(three, 1).stream().map(SlotSet::toString).toList());
        assertEquals(List.of("0-5460", "5461-16383"),
                SlotPlan.split(three, 2).stream().map(SlotSet::toString).toList());
    }

    @Test
    void everySlotHasATaskEvenWhenNoPrimaryHoldsIt() {
        List<SlotSet> shares = SlotPlan.split(TestTopologies.primaries("100-8000", "8001-16000,16383"), 2);
        assertEquals(List.of("0-8000,16001-16382", "8001-16000,16383"),
                shares.stream().map(SlotSet::toString).toList());
        assertEquals(16384, shares.stream().mapToInt(SlotSet::size).sum());
    }

    @Test
    void holdersAreThePrimariesWithSomeOfTheSlots() {
        ClusterTopology topology = TestTopologies.primaries("0-5460", "5461-10921,16000-16383", "10922-15999");
        assertEquals(List.of("node-0", "node-1"), List.copyOf(topology.holders(SlotSet.parse("5000-5500")).keySet()));
        assertEquals("5461-5500", topology.holders(SlotSet.parse("5000-5500")).get("node-1").slots().toString());
        assertEquals("node-1", topology.ownerOf(16383).nodeId());
        IntStream.of(0, 5460).forEach(slot -> assertEquals("node-0", topology.ownerOf(slot).nodeId()));
    }

    @Test
    void aSelectionNarrowsEachShareAndDropsTheEmptyOnes() {
        ClusterTopology three = TestTopologies.primaries("0-5460", "5461-10921", "10922-16383");
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
