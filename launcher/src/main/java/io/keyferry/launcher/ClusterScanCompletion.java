package io.keyferry.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.RedisSourceTaskConfig;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.topology.ClusterTopology;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the snapshot of a cluster source is complete. Each task commits one offset per primary holding
 * its slots, and says "done" there once that primary is scanned; a primary holding none of the task's keys
 * has nothing to carry an offset and commits none. So the check goes by the topology as it is now: every
 * primary holding keys of a task's slots must have a "done" offset taken while it held those same slots.
 * Offsets of lanes from before a failover or a resharding do not count, done or not.
 */
final class ClusterScanCompletion implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;

    ClusterScanCompletion(RedisEndpoint seed) {
        client = seed.newClusterClient();
        connection = client.connect();
    }

    /**
     * @param tasks the source's task configs, as {@code GET /connectors/{name}/tasks} gives them
     * @param offsets the source's committed offsets
     */
    boolean complete(JsonNode tasks, List<CommittedOffset> offsets) {
        Map<SourcePartition, SlotSet> doneHeld = new HashMap<>();
        for (CommittedOffset committed : offsets) {
            if (committed.offset().done()) {
                doneHeld.put(committed.partition(), committed.offset().held());
            }
        }
        ClusterTopology topology = ClusterTopology.lookAt(client);
        if (!tasks.isArray() || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode task : tasks) {
            SlotSet share = SlotSet.parse(task.path("config").path(RedisSourceTaskConfig.TASK_SLOTS).asText());
            for (ClusterTopology.Primary holder : topology.holders(share).values()) {
                boolean done = holder.slots().equals(
                        doneHeld.get(SourcePartition.ofClusterNode(share, holder.nodeId())));
                if (!done && holdsKeys(holder)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean holdsKeys(ClusterTopology.Primary holder) {
        RedisClusterAsyncCommands<String, String> node = connection.getConnection(holder.nodeId()).async();
        List<RedisFuture<Long>> counts = new ArrayList<>();
        holder.slots().forEach(slot -> counts.add(node.clusterCountKeysInSlot(slot)));
        LettuceFutures.awaitAll(TIMEOUT, counts.toArray(new RedisFuture[0]));
        return counts.stream().anyMatch(count -> count.toCompletableFuture().join() > 0);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
