package io.keyferry.common.value;

import java.util.List;

/** A set's members, distinct, in the order the server stored them (which carries no meaning). */
public record SetValue(List<byte[]> members) implements RedisValue {
    public SetValue {
        members = List.copyOf(members);
    }

    @Override
    public String type() {
        return "set";
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SetValue that && Bytes.equal(members, that.members);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(members);
    }

    @Override
    public String toString() {
        return "SetValue" + Bytes.text(members);
    }
}
