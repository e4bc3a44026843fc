package io.keyferry.source.offset;

/**
 * Where a capture through the replication protocol stands in its primary's stream: the replication ID and the
 * offset of the last byte whose writes are in the topic, and the database the stream had selected there (a
 * partial resync continues the stream without saying it again).
 */
public record ReplicationPosition(String replId, long offset, int streamDb) {
}
