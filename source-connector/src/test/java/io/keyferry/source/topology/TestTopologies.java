package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Cluster topologies for unit tests, as Lettuce would read them from CLUSTER NODES. */
final class TestTopologies {
    private TestTopologies() {
    }

    /** Primaries node-0, node-1, ... at 127.0.0.1:7000, 7001, ..., holding these slots, each with one replica. */
    static ClusterTopology primaries(String... primarySlots) {
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
}
