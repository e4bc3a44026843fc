package io.keyferry.common.value;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the answers of XINFO STREAM and XINFO GROUPS as Lettuce gives them with the byte array codec. */
public final class XinfoReply {
    private XinfoReply() {
    }

    /**
     * One XINFO answer (a stream, or one group) as name → value. RESP2 answers a flat list of alternating
     * names and values; a RESP3 map is accepted as well.
     */
    public static Map<String, Object> attributes(Object reply) {
        Map<String, Object> attributes = new HashMap<>();
        if (reply instanceof Map<?, ?> map) {
            map.forEach((name, value) -> attributes.put(text(name), value));
        } else if (reply instanceof List<?> list) {
            for (Iterator<?> items = list.iterator(); items.hasNext(); ) {
                Object name = items.next();
                attributes.put(text(name), items.hasNext() ? items.next() : null);
            }
        } else {
            throw new IllegalArgumentException("Unexpected XINFO answer: " + reply);
        }
        return attributes;
    }

    /** Bulk strings arrive as byte[] with the byte array codec; ISO-8859-1 maps every byte to one char. */
    public static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
    }
}
