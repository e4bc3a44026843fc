package io.keyferry.sink.record;

import io.keyferry.common.record.RecordHeaders;
import io.keyferry.sink.write.KeyWrite;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a record of the contract (docs/record-format.md) into a {@link KeyWrite}: key and value as raw
 * bytes, expiry from the {@code redis.expire.at} header. A record that does not fit the contract is a
 * {@link DataException} naming what to change, never a silent skip.
 */
public final class RecordDecoder {
    private static final String CONVERTER_HINT = "; records must be written by the Keyferry source and read with "
            + "key.converter and value.converter = org.apache.kafka.connect.converters.ByteArrayConverter";

    public KeyWrite decode(SinkRecord record) {
        byte[] key = bytes(record.key(), "key");
        if (key == null || key.length == 0) {
            throw new DataException("record has no key" + CONVERTER_HINT);
        }
        byte[] payload = bytes(record.value(), "value");
        long expireAt;
        try {
            expireAt = RecordHeaders.expireAt(record.headers()).orElse(-1L);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        return new KeyWrite(record, key, payload, expireAt);
    }

    private static byte[] bytes(Object value, String what) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        throw new DataException("record " + what + " is a " + value.getClass().getSimpleName() + ", not bytes"
                + CONVERTER_HINT);
    }
}
