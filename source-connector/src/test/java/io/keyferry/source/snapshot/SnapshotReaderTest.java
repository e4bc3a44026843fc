package io.keyferry.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.source.fake.InMemoryServer;
import io.lettuce.core.RedisConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotReaderTest {
    private static InMemoryServer server(int keys, int keysPerStep) {
        InMemoryServer server = new InMemoryServer(keysPerStep);
        for (int i = 0; i < keys; i++) {
            server.set(String.format("k%02d", i), "v" + i);
        }
        return server;
    }

    private static List<String> names(List<SnapshotReader.Read> reads) {
        return reads.stream().map(read -> InMemoryServer.text(read.state().key())).toList();
    }

    @Test
    void everyReadButTheLastCarriesTheBatchsStartAndTheLastTheCursorAfterIt() throws InterruptedException {
        InMemoryServer server = server(5, 2);
        SnapshotReader snapshot = new SnapshotReader("test", server, server, SnapshotOffset.START, 3);

        List<SnapshotReader.Read> first = snapshot.next();
        assertEquals(List.of("k00", "k01", "k02", "k03"), names(first), "steps until a batch's worth of keys");
        assertEquals(List.of(SnapshotOffset.START, SnapshotOffset.START, SnapshotOffset.START,
                SnapshotOffset.at("4", "run-1")), first.stream().map(SnapshotReader.Read::offset).toList());
        List<SnapshotReader.Read> second = snapshot.next();
        assertEquals(List.of("k04"), names(second));
        assertEquals(SnapshotOffset.COMPLETE, second.get(0).offset());
        assertTrue(snapshot.done());
        assertEquals(List.of(), snapshot.next(), "nothing after done");
        assertEquals(5, snapshot.keysRead());
    }

    @Test
    void aBatchReadAheadIsTheNextOneAndIsNotScannedTwice() throws InterruptedException {
        InMemoryServer server = server(6, 2);
        SnapshotReader snapshot = new SnapshotReader("test", server, server, SnapshotOffset.START, 2);
        snapshot.next();
        snapshot.readAhead();
        assertTrue(snapshot.readAheadWaiting());
        int scans = server.scans();
        server.set("k02", "changed after the read was sent");
        List<SnapshotReader.Read> ahead = snapshot.next();
        assertEquals(scans, server.scans(), "the batch read ahead was used");
        assertEquals(List.of("k02", "k03"), names(ahead));
        assertEquals("v2", InMemoryServer.text(ahead.get(0).state().dump()), "its reads ran when they were sent");
        assertFalse(snapshot.readAheadWaiting());
    }

    @Test
    void aFailedReadLeavesThePositionWhereItWasAndTheBatchIsReadAgain() throws InterruptedException {
        InMemoryServer server = server(4, 2);
        SnapshotReader snapshot = new SnapshotReader("test", server, server, SnapshotOffset.START, 2);
        snapshot.next();
        SnapshotOffset before = snapshot.position();
        snapshot.readAhead();
        server.failNextCollect();
        assertThrows(RedisConnectionException.class, snapshot::next);
        assertEquals(before, snapshot.position());
        assertEquals(List.of("k02", "k03"), names(snapshot.next()), "the same batch, scanned again");
        assertTrue(snapshot.done());
    }

    @Test
    void aCursorOfAnotherServerProcessIsNotFollowed() throws InterruptedException {
        InMemoryServer server = server(6, 2);
        SnapshotReader first = new SnapshotReader("test", server, server, SnapshotOffset.START, 2);
        SnapshotOffset committed = first.next().get(1).offset();
        assertEquals(SnapshotOffset.at("2", "run-1"), committed);

        server.restart("run-2");
        SnapshotReader resumed = new SnapshotReader("test", server, server, committed, 2);
        assertEquals(List.of("k00", "k01"), names(resumed.next()), "scanned again from the first key");

        SnapshotReader sameProcess = new SnapshotReader("test", server, server, SnapshotOffset.at("2", "run-2"), 2);
        assertEquals(List.of("k02", "k03"), names(sameProcess.next()), "resumed at its cursor");
    }

    @Test
    void aScanEndingOnStepsWithoutKeysReadsOneKeyAgainToCarryItsCompletion() throws InterruptedException {
        InMemoryServer server = server(6, 2);
        SnapshotReader snapshot = new SnapshotReader("test", server, server, SnapshotOffset.START, 2);
        snapshot.next();
        snapshot.next();
        // The last two keys are gone before the last step: it finds none.
        server.delete("k04");
        server.delete("k05");
        List<SnapshotReader.Read> reads = snapshot.next();
        assertTrue(snapshot.done());
        assertEquals(1, reads.size(), "one key read again: " + names(reads));
        SnapshotReader.Read last = reads.get(0);
        assertEquals(SnapshotOffset.COMPLETE, last.offset());
        assertEquals("k00", InMemoryServer.text(last.state().key()));
    }

    @Test
    void aRestartScansFromTheFirstKeyAndDropsTheBatchReadAhead() throws InterruptedException {
        InMemoryServer server = server(4, 2);
        SnapshotReader snapshot = new SnapshotReader("test", server, server, SnapshotOffset.START, 2);
        snapshot.next();
        snapshot.readAhead();
        snapshot.restart();
        assertFalse(snapshot.readAheadWaiting());
        assertEquals(List.of("k00", "k01"), names(snapshot.next()));
    }
}
