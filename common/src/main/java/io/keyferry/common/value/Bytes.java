package io.keyferry.common.value;

import io.keyferry.common.record.KeyText;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Content equality and readable text for the byte strings of the value records (arrays compare by identity). */
final class Bytes {
    private Bytes() {
    }

    static void requireNonNull(byte[] bytes, String what) {
        Objects.requireNonNull(bytes, what);
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> list) {
        int hash = 1;
        for (byte[] bytes : list) {
            hash = 31 * hash + Arrays.hashCode(bytes);
        }
        return hash;
    }

    static String text(byte[] bytes) {
        return KeyText.printable(bytes);
    }

    static String text(List<byte[]> list) {
        return list.stream().map(Bytes::text).toList().toString();
    }
}
