package io.keyferry.common.compare;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Probes the keys of a Redis Cluster a primary at a time: each key goes to the primary that owns its slot in the
 * topology the cluster connection knows, and each primary's keys to the probes of that node, one script call per
 * group of keys of any slots (the script reaches them as a node's local keys). A node whose script fails, for a key of
 * a slot it no longer serves say, goes on per command for the rest of the comparison, whose commands follow MOVED and
 * ASK; so do keys of a slot no primary is known to serve, and of a node no connection can be had to.
 */
final class ClusterKeyProbes implements KeyProbes {
    private final StatefulRedisClusterConnection<byte[], byte[]> cluster;
    private final Function<StatefulRedisConnection<byte[], byte[]>, KeyProbes> nodeProbes;
    private final KeyProbes perCommand;
    /** By node ID: each keeps what it learnt of its node's scripting. */
    private final Map<String, KeyProbes> nodes = new HashMap<>();

    /**
     * @param nodeProbes the probes of one node, over a connection to it
     * @param perCommand probes through the cluster connection, for keys no primary is known to serve
     */
    ClusterKeyProbes(StatefulRedisClusterConnection<byte[], byte[]> cluster,
                     Function<StatefulRedisConnection<byte[], byte[]>, KeyProbes> nodeProbes, KeyProbes perCommand) {
        this.cluster = cluster;
        this.nodeProbes = nodeProbes;
        this.perCommand = perCommand;
    }

    @Override
    public Replies<KeyProbe> probe(List<byte[]> keys) {
        return route(keys, KeyProbes::probe);
    }

    @Override
    public Replies<String> types(List<byte[]> keys) {
        return route(keys, KeyProbes::types);
    }

    /** The keys of one node, with their places in the batch. */
    private record Share(List<Integer> places, List<byte[]> keys) {
        Share() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        void add(int place, byte[] key) {
            places.add(place);
            keys.add(key);
        }
    }

    private record Sent<T>(Share share, Replies<T> replies) {
    }

    /** The probes of a node, opened at its first key; per command while no connection to it can be had. */
    private KeyProbes nodeProbes(String nodeId) {
        KeyProbes probes = nodes.get(nodeId);
        if (probes == null) {
            try {
                probes = nodeProbes.apply(cluster.getConnection(nodeId));
            } catch (RedisException unreachable) {
                return perCommand;
            }
            nodes.put(nodeId, probes);
        }
        return probes;
    }

    private <T> Replies<T> route(List<byte[]> keys, BiFunction<KeyProbes, List<byte[]>, Replies<T>> ask) {
        Partitions partitions = cluster.getPartitions();
        Map<KeyProbes, Share> shares = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            RedisClusterNode owner = partitions.getMasterBySlot(SlotHash.getSlot(keys.get(i)));
            KeyProbes probes = owner == null ? perCommand : nodeProbes(owner.getNodeId());
            shares.computeIfAbsent(probes, p -> new Share()).add(i, keys.get(i));
        }
        List<Sent<T>> sent = new ArrayList<>(shares.size());
        shares.forEach((probes, share) -> sent.add(new Sent<>(share, ask.apply(probes, share.keys()))));
        return () -> {
            Object[] answers = new Object[keys.size()];
            for (Sent<T> node : sent) {
                List<T> answered = node.replies().await();
                for (int i = 0; i < answered.size(); i++) {
                    answers[node.share().places().get(i)] = answered.get(i);
                }
            }
            @SuppressWarnings("unchecked")
            List<T> inOrder = (List<T>) Arrays.asList(answers);
            return inOrder;
        };
    }
}
