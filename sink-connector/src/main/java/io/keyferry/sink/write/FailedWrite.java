package io.keyferry.sink.write;

/** A write the target refused, with its answer. */
public record FailedWrite(KeyWrite write, Throwable error) {
}
