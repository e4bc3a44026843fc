package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.UndecodableValueException;
import io.lettuce.core.RedisCommandExecutionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoWriterTest {
    private static final String VERSION_REFUSED = "ERR DUMP payload version or checksum are wrong";

    /** A string value "x" framed with the given RDB version, its checksum right. */
    private static byte[] payload(int rdbVersion) {
        return DumpPayload.frame(new byte[] {0, 1, 'x'}, rdbVersion);
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyWrite.Dump dump(String key, int rdbVersion) {
        return new KeyWrite.Dump(null, key(key), payload(rdbVersion), -1);
    }

    /** A target that refuses RESTORE of payloads of RDB version {@code newest + 1} and newer, as an older server. */
    private static RecordingWriter readingUpTo(int newest) {
        return new RecordingWriter((write, batch, asking) -> write instanceof KeyWrite.Dump dump
                && DumpPayload.rdbVersion(dump.payload()) > newest
                ? new RedisCommandExecutionException(VERSION_REFUSED) : null);
    }

    @Test
    void payloadsAreRestoredStructsWrittenTypeByTypeAndTombstonesDeleted() throws InterruptedException {
        RecordingWriter restore = RecordingWriter.takingAll();
        RecordingWriter typed = RecordingWriter.takingAll();
        AutoWriter writer = new AutoWriter(restore, typed, "the target");

        List<FailedWrite> failed = writer.write(List.of(dump("d", 11),
                new KeyWrite.Typed(null, key("t"), new StringValue(key("v")), -1),
                new KeyWrite.Tombstone(null, key("x"))));

        assertEquals(List.of(), failed);
        assertEquals(List.of(List.of("d", "x")), restore.keysByBatch());
        assertEquals(List.of(List.of("t")), typed.keysByBatch());
        assertEquals(0, writer.fallbacks(), "a struct record is no fallback");
    }

    @Test
    void aPayloadTheTargetCannotRestoreIsWrittenTypeByTypeAndItsVersionSkipsRestoreFromThenOn()
            throws InterruptedException {
        RecordingWriter restore = readingUpTo(10);
        RecordingWriter typed = RecordingWriter.takingAll();
        AutoWriter writer = new AutoWriter(restore, typed, "the target");

        assertEquals(List.of(), writer.write(List.of(dump("new", 11), dump("old", 10))));
        assertEquals(List.of(List.of("new", "old")), restore.keysByBatch());
        assertEquals(List.of(List.of("new")), typed.keysByBatch());
        assertEquals(1, writer.fallbacks());

        assertEquals(List.of(), writer.write(List.of(dump("newer", 12), dump("older", 10))));
        assertEquals(List.of("older"), restore.batches.get(1).keys(), "an older payload may still RESTORE");
        assertEquals(List.of("newer"), typed.batches.get(1).keys(), "no RESTORE tried");
        assertEquals(2, writer.fallbacks());
    }

    @Test
    void aTargetWithoutRestoreGetsTypedWritesOnly() throws InterruptedException {
        RecordingWriter restore = new RecordingWriter((write, batch, asking) ->
                new RedisCommandExecutionException("ERR unknown command 'RESTORE', with args beginning with: 'k'"));
        RecordingWriter typed = RecordingWriter.takingAll();
        AutoWriter writer = new AutoWriter(restore, typed, "the target");

        assertEquals(List.of(), writer.write(List.of(dump("a", 9))));
        assertEquals(List.of(), writer.write(List.of(dump("b", 1))));
        assertEquals(List.of(List.of("a"), List.of()), restore.keysByBatch(), "RESTORE tried once");
        assertEquals(List.of(List.of("a"), List.of("b")), typed.keysByBatch());
    }

    @Test
    void aCorruptPayloadIsReportedNotDecoded() throws InterruptedException {
        byte[] corrupt = payload(11);
        corrupt[2] ^= 1;
        RecordingWriter typed = RecordingWriter.takingAll();
        AutoWriter writer = new AutoWriter(readingUpTo(10), typed, "the target");

        List<FailedWrite> failed = writer.write(List.of(new KeyWrite.Dump(null, key("c"), corrupt, -1)));

        assertEquals(1, failed.size());
        assertInstanceOf(UndecodableValueException.class, failed.get(0).error());
        assertTrue(failed.get(0).error().getMessage().contains("the payload is corrupt"));
        assertEquals(List.of(List.of()), typed.keysByBatch(), "nothing written type by type");
        assertEquals(0, writer.fallbacks());
    }

    @Test
    void otherRestoreErrorsAreReturnedAsTheTargetGaveThem() throws InterruptedException {
        RedisCommandExecutionException refused = new RedisCommandExecutionException("NOPERM this user has no "
                + "permissions to run the 'restore' command");
        RecordingWriter typed = RecordingWriter.takingAll();
        AutoWriter writer = new AutoWriter(new RecordingWriter((write, batch, asking) -> refused), typed, "the target");

        List<FailedWrite> failed = writer.write(List.of(dump("a", 11)));

        assertEquals(1, failed.size());
        assertSame(refused, failed.get(0).error());
        assertEquals(List.of(List.of()), typed.keysByBatch());
    }

    @Test
    void aPayloadNeitherRestoredNorDecodedSaysBoth() throws InterruptedException {
        RecordingWriter typed = new RecordingWriter((write, batch, asking) ->
                new UndecodableValueException("module type 'MBbloom--' has no typed form"));
        AutoWriter writer = new AutoWriter(readingUpTo(10), typed, "the target");

        List<FailedWrite> failed = writer.write(List.of(dump("m", 11)));

        assertEquals(1, failed.size());
        String message = failed.get(0).error().getMessage();
        assertTrue(message.startsWith("the target rejected RESTORE (") && message.contains(VERSION_REFUSED)
                && message.endsWith(", and it cannot be written type by type either: module type 'MBbloom--' has "
                        + "no typed form"), message);
    }

    @Test
    void waitsForTheFewestReplicasOfBothWritersAndClosesBoth() throws InterruptedException {
        RecordingWriter restore = RecordingWriter.takingAll();
        RecordingWriter typed = RecordingWriter.takingAll();
        restore.replicaAnswers.add(2L);
        typed.replicaAnswers.add(1L);
        AutoWriter writer = new AutoWriter(restore, typed, "the target");

        assertEquals(1, writer.waitForReplicas(2, Duration.ofMillis(100)));
        writer.close();
        assertTrue(restore.closed && typed.closed);
    }
}
