package io.keyferry.common.compare;

import io.lettuce.core.StreamMessage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a stream holds for a comparison: its entries in order and its consumer groups' positions.
 *
 * @param entries XRANGE - + answer
 * @param groups one {@code name:last-delivered-id} per consumer group, sorted so the order XINFO GROUPS
 *     answers in does not matter
 */
record StreamContent(List<Entry> entries, SortedSet<String> groups) {

    /** One stream entry; fields and values stay a flat ordered list since fields may repeat in an entry. */
    record Entry(String id, List<ByteBuffer> fieldsAndValues) {
    }

    static StreamContent of(List<StreamMessage<byte[], byte[]>> messages, List<Object> xinfoGroups) {
        List<Entry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<byte[], byte[]> message : messages) {
            // Lettuce keeps the body in a LinkedHashMap keyed by byte[] identity: order and repeats survive.
            List<ByteBuffer> fieldsAndValues = new ArrayList<>(message.getBody().size() * 2);
            message.getBody().forEach((field, value) -> {
                fieldsAndValues.add(ByteBuffer.wrap(field));
                fieldsAndValues.add(ByteBuffer.wrap(value));
            });
            entries.add(new Entry(message.getId(), fieldsAndValues));
        }
        SortedSet<String> groups = new TreeSet<>();
        for (Object group : xinfoGroups) {
            Map<String, Object> attributes = attributes(group);
            groups.add(text(attributes.get("name")) + ":" + text(attributes.get("last-delivered-id")));
        }
        return new StreamContent(entries, groups);
    }

    /**
     * One group of an XINFO GROUPS answer as name → value. RESP2 answers a flat list of alternating names
     * and values; a RESP3 map is accepted as well.
     */
    private static Map<String, Object> attributes(Object group) {
        Map<String, Object> attributes = new HashMap<>();
        if (group instanceof Map<?, ?> map) {
            map.forEach((name, value) -> attributes.put(text(name), value));
        } else if (group instanceof List<?> list) {
            for (Iterator<?> items = list.iterator(); items.hasNext(); ) {
                Object name = items.next();
                attributes.put(text(name), items.hasNext() ? items.next() : null);
            }
        } else {
            throw new IllegalArgumentException("Unexpected XINFO GROUPS element: " + group);
        }
        return attributes;
    }

    /** Bulk strings arrive as byte[] with the byte array codec; ISO-8859-1 maps every byte to one char. */
    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
    }
}
