package io.keyferry.common.value;

import org.apache.kafka.connect.errors.DataException;

/**
 * A DUMP payload that cannot become a typed value: corrupt, of a module type, or of an RDB value type the
 * parser does not know. It belongs to the record, not to the target: such a record goes to the dead
 * letter queue or fails the task, as {@code errors.tolerance} says; retrying cannot help.
 */
public class UndecodableValueException extends DataException {
    public UndecodableValueException(String message) {
        super(message);
    }

    public UndecodableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
