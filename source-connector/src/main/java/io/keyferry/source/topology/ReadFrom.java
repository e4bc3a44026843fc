package io.keyferry.source.topology;

import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which node of a cluster a source reads a primary's slots from (redis.read.from): the primary itself, one of its
 * replicas, or a replica when one is up and the primary otherwise. Of several replicas, the first by node ID.
 */
public enum ReadFrom {
    PRIMARY("primary"), REPLICA("replica"), REPLICA_PREFERRED("replica-preferred");

    private final String code;

    ReadFrom(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ReadFrom fromCode(String code) {
        return Arrays.stream(values()).filter(value -> value.code.equals(code.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown read-from policy: " + code));
    }

    public static ConfigDef.Validator validator() {
        List<String> codes = Arrays.stream(values()).map(ReadFrom::code).toList();
        return ConfigDef.ValidString.in(codes.toArray(String[]::new));
    }

    /** The nodes this policy reads of the cluster {@code seed} belongs to, one per primary holding slots. */
    public List<RedisEndpoint> nodes(RedisEndpoint seed) {
        RedisClusterClient client = seed.newClusterClient();
        try {
            List<RedisEndpoint> nodes = new ArrayList<>();
            for (ClusterTopology.Primary primary : ClusterTopology.of(client.getPartitions()).primaries()) {
                ClusterTopology.Node read = choose(primary);
                nodes.add(seed.atNode(read.host(), read.port()));
            }
            return nodes;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * @return the node to read {@code primary}'s slots from
     * @throws RedisConnectionException when the policy is {@link #REPLICA} and the primary has no replica that is
     *     up: a transient failure, as when a server is down, so a task waits for a replica and carries on
     */
    public ClusterTopology.Node choose(ClusterTopology.Primary primary) {
        if (this == PRIMARY || this == REPLICA_PREFERRED && primary.replicas().isEmpty()) {
            return primary.node();
        }
        if (primary.replicas().isEmpty()) {
            throw new RedisConnectionException("The primary " + primary.host() + ":" + primary.port() + " (slots "
                    + primary.slots() + ") has no replica that is up, and redis.read.from=replica never reads a "
                    + "primary: add a replica, or set redis.read.from=replica-preferred");
        }
        return primary.replicas().get(0);
    }
}
