package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import java.util.ArrayList;
import java.util.List;

/**
 * How a cluster source's work is split over its tasks: by primaries, each task taking the slots of a
 * contiguous run of them (in slot order), so that a task reads from as few nodes as possible. There are never
 * more tasks than primaries. Slots no primary holds go to the first task, so that every slot has a reader
 * once it is assigned.
 */
public final class SlotPlan {
    private SlotPlan() {
    }

    public static List<SlotSet> split(ClusterTopology topology, int maxTasks) {
        List<ClusterTopology.Primary> primaries = topology.primaries();
        if (primaries.isEmpty()) {
            return List.of(SlotSet.ALL);
        }
        int tasks = Math.min(maxTasks, primaries.size());
        List<SlotSet> shares = new ArrayList<>(tasks);
        SlotSet held = SlotSet.of(List.of());
        for (int task = 0; task < tasks; task++) {
            SlotSet share = SlotSet.of(List.of());
            int from = task * primaries.size() / tasks;
            int to = (task + 1) * primaries.size() / tasks;
            for (ClusterTopology.Primary primary : primaries.subList(from, to)) {
                share = share.union(primary.slots());
            }
            held = held.union(share);
            shares.add(share);
        }
        SlotSet unheld = SlotSet.ALL.minus(held);
        shares.set(0, shares.get(0).union(unheld));
        return shares;
    }
}
