package io.keyferry.source.bigkey;

/** One element of a key (a hash field's value, a list element, ...) is too big for any record: it cannot be cut. */
final class PartTooLargeException extends RuntimeException {
    PartTooLargeException(String message) {
        super(message);
    }
}
