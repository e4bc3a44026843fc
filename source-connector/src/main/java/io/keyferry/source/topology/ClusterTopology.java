package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which primary holds which hash slots, and which replicas it has, as the cluster said at one moment. */
public final class ClusterTopology {
    /** A node of the cluster, by its ID and address. */
    public record Node(String nodeId, String host, int port) {
    }

    /** A primary, the slots it holds and its replicas that are up (in the order of their node IDs). */
    public record Primary(String nodeId, String host, int port, SlotSet slots, List<Node> replicas) {
        public Node node() {
            return new Node(nodeId, host, port);
        }
    }

    private final List<Primary> primaries;
    private final Primary[] bySlot = new Primary[SlotHash.SLOT_COUNT];

    private ClusterTopology(List<Primary> primaries) {
        this.primaries = primaries;
        for (Primary primary : primaries) {
            primary.slots().forEach(slot -> bySlot[slot] = primary);
        }
    }

    /** The topology as the cluster tells it now: the client's view, refreshed. */
    public static ClusterTopology lookAt(RedisClusterClient client) {
        client.refreshPartitions();
        return of(client.getPartitions());
    }

    public static ClusterTopology of(Partitions partitions) {
        Map<String, List<Node>> replicas = new HashMap<>();
        for (RedisClusterNode node : partitions) {
            if (node.getRole().isReplica() && node.getSlaveOf() != null && up(node)) {
                replicas.computeIfAbsent(node.getSlaveOf(), id -> new ArrayList<>())
                        .add(new Node(node.getNodeId(), node.getUri().getHost(), node.getUri().getPort()));
            }
        }
        replicas.values().forEach(nodes -> nodes.sort(Comparator.comparing(Node::nodeId)));
        List<Primary> primaries = new ArrayList<>();
        for (RedisClusterNode node : partitions) {
            if (node.getRole().isUpstream() && !node.getSlots().isEmpty()) {
                primaries.add(new Primary(node.getNodeId(), node.getUri().getHost(), node.getUri().getPort(),
                        SlotSet.of(node.getSlots()), List.copyOf(replicas.getOrDefault(node.getNodeId(), List.of()))));
            }
        }
        primaries.sort(Comparator.comparingInt(primary -> primary.slots().first()));
        return new ClusterTopology(List.copyOf(primaries));
    }

    /** A replica the cluster does not take for failed, being added or without an address. */
    private static boolean up(RedisClusterNode node) {
        return node.getUri() != null && node.getFlags().stream().noneMatch(
                flag -> flag == RedisClusterNode.NodeFlag.FAIL || flag == RedisClusterNode.NodeFlag.EVENTUAL_FAIL
                        || flag == RedisClusterNode.NodeFlag.HANDSHAKE || flag == RedisClusterNode.NodeFlag.NOADDR);
    }

    /** Primaries in the order of their first slot. */
    public List<Primary> primaries() {
        return primaries;
    }

    /** The primary holding the slot, or null while no primary does (a slot being assigned, a cluster down). */
    public Primary ownerOf(int slot) {
        return bySlot[slot];
    }

    /** The primaries holding some of {@code slots}, each with its part of them, in the order of their first slot. */
    public Map<String, Primary> holders(SlotSet slots) {
        Map<String, Primary> holders = new LinkedHashMap<>();
        for (Primary primary : primaries) {
            SlotSet part = primary.slots().intersect(slots);
            if (!part.isEmpty()) {
                holders.put(primary.nodeId(), new Primary(primary.nodeId(), primary.host(), primary.port(), part,
                        primary.replicas()));
            }
        }
        return holders;
    }
}
