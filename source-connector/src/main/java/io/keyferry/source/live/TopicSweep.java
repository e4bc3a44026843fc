package io.keyferry.source.live;

import io.keyferry.common.record.ChunkKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The half of a resync that a rescan cannot do: find the keys deleted while notifications were missed.
 * A rescan only finds keys that exist; a key deleted during the gap still has a live state in the topic.
 * The sweep reads the topic from its start up to where it ended when the resync began, and hands back
 * the keys that had a live state, for the source to check whether they still exist. Memory stays bounded:
 * it holds one consumer batch at a time.
 */
public final class TopicSweep implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> endOffsets;
    private final Predicate<byte[]> followed;

    /**
     * @param partitions the partitions that may hold followed keys (a cluster task reads some slots only)
     * @param followed the keys the source reads: others are not its to delete
     */
    public TopicSweep(Map<String, Object> consumerConfig, String topic, Predicate<Integer> partitions,
                      Predicate<byte[]> followed) {
        this.followed = followed;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "keyferry-resync-sweep-" + topic);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
                .filter(p -> partitions.test(p.partition()))
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        endOffsets = new HashMap<>(consumer.endOffsets(assigned));
        endOffsets.values().removeIf(end -> end == 0);
        consumer.pause(assigned.stream().filter(p -> !endOffsets.containsKey(p)).toList());
    }

    public boolean done() {
        return endOffsets.isEmpty();
    }

    /** The keys of the next records that hold a live state; empty when nothing arrived in one short poll. */
    public List<byte[]> nextKeys() {
        List<byte[]> keys = new ArrayList<>();
        if (done()) {
            return keys;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Long end = endOffsets.get(partition);
            if (end == null || record.offset() >= end) {
                continue;
            }
            // A big key's parts before its last have keys of their own; the key itself is under its last part.
            if (record.value() != null && record.key() != null && !ChunkKeys.isPartKey(record.key())
                    && followed.test(record.key())) {
                keys.add(record.key());
            }
        }
        for (TopicPartition partition : List.copyOf(endOffsets.keySet())) {
            if (consumer.position(partition) >= endOffsets.get(partition)) {
                endOffsets.remove(partition);
                consumer.pause(List.of(partition));
            }
        }
        return keys;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
