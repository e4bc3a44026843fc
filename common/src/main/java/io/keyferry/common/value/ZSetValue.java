package io.keyferry.common.value;

import java.util.Arrays;
import java.util.List;

/** A sorted set's members with their exact scores (doubles, infinities included). */
public record ZSetValue(List<Member> members) implements RedisValue {
    public ZSetValue {
        members = List.copyOf(members);
    }

    /** A member and its score; scores compare bit for bit, so -0.0 and 0.0 differ as they do in Redis. */
    public record Member(byte[] member, double score) {
        public Member {
            Bytes.requireNonNull(member, "member");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Member that && Arrays.equals(member, that.member)
                    && Double.compare(score, that.score) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(member) + Double.hashCode(score);
        }

        @Override
        public String toString() {
            return Bytes.text(member) + ":" + score;
        }
    }

    @Override
    public String type() {
        return "zset";
    }

    @Override
    public int size() {
        return members.size();
    }
}
