package io.keyferry.source.bigkey;

import io.keyferry.common.config.ErrorReply;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.record.Operation;
import io.keyferry.source.read.KeyReads;
import io.keyferry.source.record.KeyRecordMapper;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copies of big keys of one lane, one after the other, a few parts per poll. While a key is being copied,
 * no other state of it may be emitted (it would be older than the copy's last part or newer than its first),
 * so its changes are held back and the key is read again once the copy is done, and no sooner than
 * {@link BigKeys#copyInterval()} after the copy started.
 */
public final class BigKeyCopies {
    private static final Logger log = LoggerFactory.getLogger(BigKeyCopies.class);

    private final BigKeys settings;
    private final KeyRecordMapper mapper;
    private final RedisCommands<byte[], byte[]> redis;
    private final KeyReads reader;
    private final Map<String, ?> partition;
    private final String server;
    private final Deque<BigKeyCopy> copies = new ArrayDeque<>();
    private final Set<ByteBuffer> copying = new HashSet<>();
    private final Map<ByteBuffer, Long> lastStarted = new HashMap<>();
    private final Set<ByteBuffer> changed = new LinkedHashSet<>();
    /** For each key whose last complete copy had parts before its last, how many: to retire them later. */
    private final Map<ByteBuffer, Integer> partKeys = new HashMap<>();

    /**
     * @param redis  a connection of the lane's server on which the parts are read
     * @param reader the lane's reader, to read a key again whose type changed under its copy
     */
    public BigKeyCopies(BigKeys settings, KeyRecordMapper mapper, RedisCommands<byte[], byte[]> redis,
                        KeyReads reader, Map<String, ?> partition, String server) {
        this.settings = settings;
        this.mapper = mapper;
        this.redis = redis;
        this.reader = reader;
        this.partition = partition;
        this.server = server;
    }

    /** Whether a copy is under way or waiting: nothing is read ahead meanwhile. */
    public boolean busy() {
        return !copies.isEmpty();
    }

    /**
     * Whether a copy of a key the scan read is under way or waiting: the scan waits for it, so that its offset
     * never passes an incomplete copy. Copies of changed keys do not hold the scan back: a state the scan reads
     * meanwhile is newer, and supersedes them.
     */
    public boolean scanWaits() {
        return copies.stream().anyMatch(copy -> copy.operation() == Operation.SNAPSHOT);
    }

    /**
     * Whether a change of this key must wait: it is being copied, or its last copy started less than the copy
     * interval ago. It is then read again later, by {@link #release}.
     */
    public boolean holdsBack(byte[] key, long now) {
        if (copying.isEmpty() && lastStarted.isEmpty()) {
            return false; // every changed key asks: no hashing of its name while there are no big keys
        }
        ByteBuffer name = ByteBuffer.wrap(key);
        Long started = lastStarted.get(name);
        if (copying.contains(name) || started != null && now - started < settings.copyInterval().toMillis()) {
            changed.add(name);
            return true;
        }
        return false;
    }

    /** Whether changes of keys are held back, not yet handed over to be read again. */
    public boolean holdsChanges() {
        return !changed.isEmpty();
    }

    /** Hands the keys held back whose wait is over to {@code reread}, to be read again. */
    public void release(Consumer<byte[]> reread, long now) {
        long interval = settings.copyInterval().toMillis();
        for (Iterator<ByteBuffer> keys = changed.iterator(); keys.hasNext(); ) {
            ByteBuffer key = keys.next();
            Long started = lastStarted.get(key);
            if (!copying.contains(key) && (started == null || now - started >= interval)) {
                reread.accept(key.array());
                keys.remove();
            }
        }
        lastStarted.values().removeIf(started -> now - started >= interval);
    }

    /** Whether a key too big for one record is copied; with {@code redis.big.keys=skip} it is left out, and said so. */
    public boolean admits(KeyRecordMapper.InParts key) {
        if (settings.policy() == BigKeyPolicy.SKIP) {
            skip(key.state(), "it is about " + key.state().size() + " bytes");
            return false;
        }
        return true;
    }

    /**
     * Queues the copy of a key too big for one record, {@linkplain #admits admitted}.
     *
     * @param offset     the offset of its parts
     * @param lastOffset the offset of its last part
     */
    public void add(KeyRecordMapper.InParts key, Operation readBy, Map<String, ?> offset, Map<String, ?> lastOffset) {
        supersede(key.state().key());
        copies.add(new BigKeyCopy(key, readBy, offset, lastOffset));
        copying.add(ByteBuffer.wrap(key.state().key()));
    }

    /** A newer state of the key was emitted whole: a copy of it that waits or is under way is older, and dropped. */
    public void supersede(byte[] key) {
        if (copying.isEmpty()) {
            return;
        }
        ByteBuffer name = ByteBuffer.wrap(key);
        if (copying.remove(name)) {
            copies.removeIf(copy -> ByteBuffer.wrap(copy.key()).equals(name));
        }
    }

    /**
     * A state of the key went out whole, or as a tombstone: the part records of its last copy are retired with
     * tombstones under their own keys, so that a compacted topic does not keep them for ever. Only copies this
     * task made are known: parts left from before a restart stay (they are never put in place).
     */
    public void emittedWhole(KeyState state, List<SourceRecord> records, Map<String, ?> offset) {
        if (partKeys.isEmpty()) {
            return;
        }
        Integer parts = partKeys.remove(ByteBuffer.wrap(state.key()));
        if (parts != null) {
            retire(state, 0, parts, records, offset);
        }
    }

    /** A copy of {@code parts} parts before its last completed: the extra parts of the copy before it retire. */
    private void retireBeyond(KeyState state, int parts, List<SourceRecord> records, Map<String, ?> offset) {
        Integer before = partKeys.put(ByteBuffer.wrap(state.key()), parts);
        if (before != null && before > parts) {
            retire(state, parts, before, records, offset);
        }
    }

    private void retire(KeyState state, int from, int to, List<SourceRecord> records, Map<String, ?> offset) {
        for (int index = from; index < to; index++) {
            records.add(mapper.toPartTombstone(state, index, partition, offset));
        }
    }

    /** Drops every copy: the lane scans again from the start, which reads these keys anew. */
    public void clear() {
        copies.clear();
        copying.clear();
    }

    /** Emits the next parts of the copies in order, at most {@link BigKeys#partsPerPoll()} of them. */
    public void copy(List<SourceRecord> records) throws InterruptedException {
        int budget = settings.partsPerPoll();
        while (budget > 0 && !copies.isEmpty()) {
            BigKeyCopy copy = copies.peek();
            try {
                if (!copy.started()) {
                    start(copy);
                }
                KeyParts.Part part = copy.nextPart();
                if (part.last() && copy.state().oversized() && !sameType(copy)) {
                    finishChanged(copy, records);
                    continue;
                }
                records.add(copy.record(mapper, part, partition));
                settings.counters().bigKeyPart();
                budget--;
                if (part.last()) {
                    finish(copy);
                    retireBeyond(copy.state(), copy.partsEmitted() - 1, records, copy.lastOffset());
                }
            } catch (PartTooLargeException e) {
                finish(copy);
                throw new ConnectException("Cannot copy " + e.getMessage() + " from " + server + ". Raise "
                        + "redis.record.max.bytes (and the topic's and producer's limits) above it, or leave such "
                        + "keys out with redis.key.exclude.");
            } catch (RedisCommandExecutionException e) {
                if (ErrorReply.isRedirect(e)) {
                    // The key's slot moved to another node, whose lane scans it again.
                    finish(copy);
                    throw e;
                }
                String message = String.valueOf(e.getMessage());
                if (TransientErrors.isTransient(e)
                        || !message.startsWith("WRONGTYPE") && !message.contains("no such key")) {
                    throw e;
                }
                // The key changed its type under the copy, or is gone (XINFO of a deleted stream): it is read
                // again, whole, in parts, or as a tombstone.
                finishChanged(copy, records);
            }
        }
    }

    private void start(BigKeyCopy copy) {
        KeyState state = copy.state();
        log.info("Copying key {} of {} in parts: a {} of about {} bytes, more than redis.record.max.bytes allows "
                + "in one record", KeyText.printable(state.key()), server, state.type(), state.size());
        copy.start(state.oversized() ? PartSources.fromServer(redis, state, settings.sizes())
                : PartSources.inMemory(state.key(), mapper.decode(state), settings.sizes()));
        lastStarted.put(ByteBuffer.wrap(state.key()), System.currentTimeMillis());
        settings.counters().bigKeyCopied();
    }

    /** Whether the key still has the type its copy read it as; a key deleted meanwhile has not. */
    private boolean sameType(BigKeyCopy copy) {
        return copy.state().type().equals(redis.type(copy.key()));
    }

    /** Reads the key again in place of the copy's last part: its state now, whole or as a new copy. */
    private void finishChanged(BigKeyCopy copy, List<SourceRecord> records) throws InterruptedException {
        List<KeyState> states = reader.read(List.of(copy.key()));
        KeyRecordMapper.Mapped now = mapper.map(states.get(0));
        if (now instanceof KeyRecordMapper.InParts inParts) {
            copies.poll();
            copies.addFirst(copy.again(inParts));
        } else {
            records.add(mapper.toRecord((KeyRecordMapper.Whole) now, copy.operation(), partition, copy.lastOffset()));
            finish(copy);
            emittedWhole(now.state(), records, copy.lastOffset());
        }
    }

    private void finish(BigKeyCopy copy) {
        copies.poll();
        copying.remove(ByteBuffer.wrap(copy.key()));
    }

    private void skip(KeyState state, String why) {
        log.warn("Leaving out key {} of {} (a {}): {}, more than one record of redis.record.max.bytes can carry, and "
                + "redis.big.keys=skip", KeyText.printable(state.key()), server, state.type(), why);
        settings.counters().bigKeySkipped();
    }
}
