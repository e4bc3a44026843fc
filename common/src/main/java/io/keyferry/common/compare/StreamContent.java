package io.keyferry.common.compare;

import io.keyferry.common.value.XinfoReply;
import io.lettuce.core.StreamMessage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
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
            Map<String, Object> attributes = XinfoReply.attributes(group);
            groups.add(XinfoReply.text(attributes.get("name")) + ":"
                    + XinfoReply.text(attributes.get("last-delivered-id")));
        }
        return new StreamContent(entries, groups);
    }
}
