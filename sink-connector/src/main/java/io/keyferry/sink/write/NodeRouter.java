package io.keyferry.sink.write;

import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.ErrorReply;
import io.keyferry.common.config.TransientErrors;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to a Redis Cluster: each write goes to the primary that owns its key's slot in the topology the
 * cluster client knows ({@link SlotHash}, {@link Partitions}), through a {@link PipelinedKeyWriter} (RESTORE
 * or typed) on a connection of this router's own to that primary. The batches of all primaries are sent
 * before any is awaited, so they are written in parallel.
 *
 * <p>A write sent to a node that no longer owns its slot fails with {@code MOVED}, which is transient: the
 * router reloads the topology before it returns, and the {@link RetryingWriter}'s retry goes to the new
 * owner. A write of a key whose slot is being migrated and which is already on the importing node (or is
 * new) is answered {@code ASK}: the router sends it again at once to the node named, preceded by
 * {@code ASKING}, as the cluster asks. A lost node or an unserved slot reloads the topology too, so a
 * failover is followed.
 *
 * <p>Why not Lettuce's cluster connection, which follows redirections itself: with automatic flushing off
 * (which pipelining needs) the command it sends again after a {@code MOVED} waits unflushed until the next
 * flush, so a batch would time out; and MULTI/EXEC needs a connection that carries nothing else.
 */
public final class NodeRouter implements KeyWriter {
    private static final Logger log = LoggerFactory.getLogger(NodeRouter.class);

    /** Opens the writer of one primary, on a connection of its own. */
    @FunctionalInterface
    interface NodeWriterFactory {
        PipelinedKeyWriter open(String host, int port);
    }

    /** Which node serves which slot: a cluster client's view, which it reloads when asked. */
    interface Topology {
        Partitions partitions();

        /** Asks the cluster again; the next {@link #partitions()} tells what it answered. */
        void reload();

        /** The topology that {@code client} knows. */
        static Topology of(RedisClusterClient client) {
            return new Topology() {
                @Override
                public Partitions partitions() {
                    return client.getPartitions();
                }

                @Override
                public void reload() {
                    client.refreshPartitions();
                }
            };
        }
    }

    private record Address(String host, int port) {
        static Address of(RedisClusterNode node) {
            RedisURI uri = node.getUri();
            return new Address(uri.getHost(), uri.getPort());
        }

        /** The node an {@code ASK <slot> <host>:<port>} error names, or null for any other error. */
        static Address askedBy(Throwable error) {
            return ErrorReply.of(error).redirect().filter(ErrorReply.Redirect::ask)
                    .map(redirect -> new Address(redirect.host(), redirect.port())).orElse(null);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final Topology topology;
    private final NodeWriterFactory factory;
    private final String target;
    private final Map<Address, PipelinedKeyWriter> writers = new HashMap<>();
    /** Primaries written to since the last WAIT that all of them passed. */
    private final Set<Address> unconfirmed = new LinkedHashSet<>();

    /**
     * Loads the topology at once, so that an unreachable cluster fails the start.
     *
     * @param target the cluster, as logs may name it
     */
    NodeRouter(Topology topology, NodeWriterFactory factory, String target) {
        this.topology = topology;
        this.factory = factory;
        this.target = target;
        topology.partitions();
    }

    @Override
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        List<FailedWrite> failed = new ArrayList<>();
        List<SentWrites> sent = new ArrayList<>();
        for (Map.Entry<Address, List<KeyWrite>> node : byOwner(writes, failed).entrySet()) {
            try {
                sent.add(writer(node.getKey()).send(node.getValue()));
                unconfirmed.add(node.getKey());
            } catch (RedisException e) {
                // The primary cannot be reached: its writes fail (transiently) and the others go on.
                node.getValue().forEach(write -> failed.add(new FailedWrite(write, e)));
            }
        }
        for (SentWrites batch : sent) {
            failed.addAll(batch.await());
        }
        List<FailedWrite> remaining = followAsk(failed);
        remaining.stream().filter(f -> TransientErrors.isTransient(f.error())).findFirst()
                .ifPresent(f -> reloadTopology(f.error()));
        return remaining;
    }

    /** Writes again, with ASKING, at the node each ASK named; returns what still failed. */
    private List<FailedWrite> followAsk(List<FailedWrite> failed) throws InterruptedException {
        Map<Address, List<KeyWrite>> asked = new LinkedHashMap<>();
        List<FailedWrite> remaining = new ArrayList<>();
        for (FailedWrite failure : failed) {
            Address importing = Address.askedBy(failure.error());
            if (importing == null) {
                remaining.add(failure);
            } else {
                asked.computeIfAbsent(importing, a -> new ArrayList<>()).add(failure.write());
            }
        }
        List<SentWrites> sent = new ArrayList<>();
        for (Map.Entry<Address, List<KeyWrite>> node : asked.entrySet()) {
            try {
                sent.add(writer(node.getKey()).send(node.getValue(), true));
                unconfirmed.add(node.getKey());
            } catch (RedisException e) {
                node.getValue().forEach(write -> remaining.add(new FailedWrite(write, e)));
            }
        }
        for (SentWrites batch : sent) {
            remaining.addAll(batch.await());
        }
        return remaining;
    }

    private Map<Address, List<KeyWrite>> byOwner(List<KeyWrite> writes, List<FailedWrite> failed) {
        Partitions partitions = topology.partitions();
        Map<Address, List<KeyWrite>> byOwner = new LinkedHashMap<>();
        for (KeyWrite write : writes) {
            int slot = SlotHash.getSlot(write.key());
            RedisClusterNode owner = partitions.getMasterBySlot(slot);
            if (owner == null) {
                // Worded as the server says it, so it is transient: the topology may name an owner on retry.
                failed.add(new FailedWrite(write, new RedisException("CLUSTERDOWN Hash slot " + slot
                        + " is not served by any primary that " + target + " names")));
            } else {
                byOwner.computeIfAbsent(Address.of(owner), a -> new ArrayList<>()).add(write);
            }
        }
        return byOwner;
    }

    private PipelinedKeyWriter writer(Address address) {
        PipelinedKeyWriter writer = writers.get(address);
        if (writer == null) {
            writer = factory.open(address.host(), address.port());
            writers.put(address, writer);
        }
        return writer;
    }

    /** Reloads the slot owners, and closes the connections of nodes that are no longer primaries. */
    private void reloadTopology(Throwable cause) {
        try {
            topology.reload();
        } catch (RedisException e) {
            log.warn("Cannot reload the topology of {} ({}); the retry uses the one known", target,
                    ConnectionCheck.describe(e));
            return;
        }
        Set<Address> primaries = topology.partitions().stream()
                .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
                .map(Address::of).collect(Collectors.toSet());
        log.info("Reloaded the topology of {} after {}: primaries {}", target, ConnectionCheck.describe(cause),
                primaries);
        List<Address> gone = writers.keySet().stream().filter(a -> !primaries.contains(a)).toList();
        for (Address address : gone) {
            writers.remove(address).close();
            unconfirmed.remove(address);
        }
    }

    /**
     * {@code WAIT} on each primary written to since the last WAIT they all passed (WAIT counts the writes of
     * its own connection). A primary that falls short stays on the list, so the {@link ReplicaWaiter}'s next
     * attempt waits on it again.
     *
     * @return the fewest replicas that acknowledged a primary's writes; {@link Long#MAX_VALUE} when none was written
     */
    @Override
    public long waitForReplicas(int replicas, Duration timeout) throws InterruptedException {
        long fewest = Long.MAX_VALUE;
        for (Address address : unconfirmed) {
            fewest = Math.min(fewest, writers.get(address).waitForReplicas(replicas, timeout));
        }
        if (fewest >= replicas) {
            unconfirmed.clear();
        }
        return fewest;
    }

    @Override
    public void close() {
        writers.values().forEach(PipelinedKeyWriter::close);
        writers.clear();
    }
}
