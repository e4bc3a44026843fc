package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import java.util.ArrayList;
import java.util.List;

/**
 * How a cluster source's work is split over its tasks: by primaries, each task taking the slots of a
 * contiguous run of them (in slot order), so that a task reads from as few nodes as possible. There are never
 * more tasks than primaries. Slots no primary holds go to the first task, so that every slot has a reader
 * once it is assigned. A standalone server is split by slots too, when the user asks for more than one task.
 */
public final class SlotPlan {
    private SlotPlan() {
    }

    /**
     * The cluster's split restricted to {@code selected} (redis.key.slots): each share keeps the selected slots
     * only, and a task left with none is not planned.
     */
    public static List<SlotSet> split(ClusterTopology topology, int maxTasks, SlotSet selected) {
        List<SlotSet> shares = split(topology, maxTasks).stream().map(share -> share.intersect(selected))
                .filter(share -> !share.isEmpty()).toList();
        return shares.isEmpty() ? List.of(selected) : shares;
    }

    /**
     * A standalone server's {@code selected} slots split over at most {@code maxTasks} tasks, in runs of
     * consecutive selected slots of (nearly) equal counts. Each task scans the whole keyspace (SCAN cannot ask for
     * slots) and reads only the keys of its slots, so the reads, which cost the most, are shared.
     */
    public static List<SlotSet> splitSelection(SlotSet selected, int maxTasks) {
        int tasks = Math.max(1, Math.min(maxTasks, selected.size()));
        List<List<Integer>> runs = new ArrayList<>(tasks);
        for (int task = 0; task < tasks; task++) {
            runs.add(new ArrayList<>());
        }
        int[] index = {0};
        int count = selected.size();
        selected.forEach(slot -> runs.get((int) ((long) index[0]++ * tasks / count)).add(slot));
        return runs.stream().map(SlotSet::of).toList();
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
