package io.keyferry.common.value;

import java.util.List;

/** A hash's fields and values; field names are distinct. */
public record HashValue(List<FieldValue> fields) implements RedisValue {
    public HashValue {
        fields = List.copyOf(fields);
    }

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public int size() {
        return fields.size();
    }
}
