package io.keyferry.common.record;

/** What a record says happened to its key; carried in the {@code redis.op} header. */
public enum Operation {
    /** The key's state as read by the snapshot scan. */
    SNAPSHOT("snapshot"),
    /** The key's state as read after a change notification. */
    CHANGE("change"),
    /** The key no longer exists (deleted, expired, evicted, renamed away): the record is a tombstone. */
    DELETE("delete");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Operation fromCode(String code) {
        for (Operation operation : values()) {
            if (operation.code.equals(code)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + code + "'");
    }
}
