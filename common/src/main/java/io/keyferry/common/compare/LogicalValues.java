package io.keyferry.common.compare;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Lettuce replies for each Redis type into {@link LogicalValue}s. Every byte[] is wrapped in a
 * {@link ByteBuffer} because arrays compare by identity and ByteBuffers by content.
 */
final class LogicalValues {
    private LogicalValues() {
    }

    static LogicalValue string(byte[] value) {
        if (value == null) {
            return new LogicalValue(null, "no value");
        }
        return new LogicalValue(ByteBuffer.wrap(value), "string of " + counted(value.length, "byte"));
    }

    static LogicalValue hash(Map<byte[], byte[]> fields) {
        Map<ByteBuffer, ByteBuffer> content = new HashMap<>();
        fields.forEach((field, value) -> content.put(ByteBuffer.wrap(field), ByteBuffer.wrap(value)));
        return new LogicalValue(content, "hash with " + counted(content.size(), "field"));
    }

    static LogicalValue list(List<byte[]> elements) {
        List<ByteBuffer> content = elements.stream().map(ByteBuffer::wrap).toList();
        return new LogicalValue(content, "list with " + counted(content.size(), "element"));
    }

    static LogicalValue set(Set<byte[]> members) {
        Set<ByteBuffer> content = new HashSet<>();
        members.forEach(member -> content.add(ByteBuffer.wrap(member)));
        return new LogicalValue(content, "set with " + counted(content.size(), "member"));
    }

    /** Scores compare with {@link Double#equals}: exact, no tolerance, as RESTORE would keep them. */
    static LogicalValue zset(List<ScoredValue<byte[]>> members) {
        Map<ByteBuffer, Double> content = new HashMap<>();
        members.forEach(member -> content.put(ByteBuffer.wrap(member.getValue()), member.getScore()));
        return new LogicalValue(content, "zset with " + counted(content.size(), "member"));
    }

    static LogicalValue stream(List<StreamMessage<byte[], byte[]>> entries, List<Object> xinfoGroups) {
        StreamContent content = StreamContent.of(entries, xinfoGroups);
        return new LogicalValue(content, "stream with " + counted(content.entries().size(), "entry", "entries")
                + " and " + counted(content.groups().size(), "group"));
    }

    static String counted(long count, String noun) {
        return counted(count, noun, noun + "s");
    }

    private static String counted(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
