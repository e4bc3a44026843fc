package io.keyferry.sink;

import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.record.KeyText;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record the target refused for a reason of its own (a corrupt payload, a key the ACL
 * forbids), as Connect's {@code errors.tolerance} says: with {@code all} it goes to the errant record
 * reporter (the dead letter queue, if one is configured) and the batch carries on; with {@code none} the
 * task fails with a message that names the key, the record and the reason.
 */
final class RejectedRecordHandler {
    private static final Logger log = LoggerFactory.getLogger(RejectedRecordHandler.class);

    private final boolean tolerate;
    private final ErrantRecordReporter reporter;
    private final String target;
    private long count;

    RejectedRecordHandler(boolean tolerate, ErrantRecordReporter reporter, String target) {
        this.tolerate = tolerate;
        this.reporter = reporter;
        this.target = target;
    }

    long count() {
        return count;
    }

    /** @param key the Redis key if the record could be decoded, else null */
    void handle(SinkRecord record, byte[] key, Throwable error) {
        String what = "Record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                + (key == null ? "" : " (key " + KeyText.printable(key) + ")") + " cannot be written to " + target
                + ": " + ConnectionCheck.describe(error);
        count++;
        if (!tolerate) {
            throw new ConnectException(what + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name "
                    + "to send such records to a dead letter queue instead of stopping.", error);
        }
        if (reporter != null) {
            log.warn("{}; sent to the errant record reporter", what);
            reporter.report(record, error);
        } else {
            // errors.tolerance=all without a reporter: the record is skipped, so say so loudly.
            log.error("{}; skipped (errors.tolerance=all and no dead letter queue)", what);
        }
    }
}
