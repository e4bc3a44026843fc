package io.keyferry.source.replication;

/** The Redis type of an RDB value type (rdb.h, {@code RDB_TYPE_*}), as TYPE names it. */
final class RdbTypes {
    private RdbTypes() {
    }

    /** @return the type's name, or null for a module's value (its name is the module's, read from the server) */
    static String name(int rdbType) {
        return switch (rdbType) {
            case 0 -> "string";
            case 1, 10, 14, 18 -> "list";
            case 2, 11, 20 -> "set";
            case 3, 5, 12, 17 -> "zset";
            case 4, 9, 13, 16, 22, 23, 24, 25 -> "hash";
            case 15, 19, 21 -> "stream";
            default -> null;
        };
    }
}
