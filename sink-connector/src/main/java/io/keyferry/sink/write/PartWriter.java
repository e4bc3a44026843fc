package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.record.StagingKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the parts of big keys (docs/record-format.md, "Keys too big for one record"): each part in one script
 * call that adds its content to the key's staging copy ({@link StagingKeys}) and counts it in the key's marker;
 * the last part's call then renames the staging copy onto the key and sets its expiry, so readers see the old
 * key or the whole new one. A part applies only in its turn: the first part of a copy starts it afresh, a part
 * already applied (a redelivery after a crash) is skipped, a part of a copy older than the one staged is
 * skipped, and a part whose predecessors are missing is not applied, so no part is ever applied twice and no
 * half copy is ever put in place. Staging copy and marker
 * expire after {@code stagingTtl}, so the parts of a copy that never completes clean themselves up.
 */
public final class PartWriter extends ConnectionWriter {
    private static final Logger log = LoggerFactory.getLogger(PartWriter.class);
    // KEYS: marker, staging copy, key. ARGV: version, index, last (1/0), staging TTL (ms), expiry (ms, -1 for
    // none), when the copy began (ms), command count, then per command: name, subcommand ('' for none), argument
    // count, arguments; each command applies to the staging copy. Marker: "<version> <began> <next index>", or
    // "<version> <began> done" once in place. A part of a copy that began before the marker's is stale: a newer
    // copy of the key is being or was put in place, and follows it in the topic.
    private static final byte[] SCRIPT = String.join("\n",
            "local marker, staging, target = KEYS[1], KEYS[2], KEYS[3]",
            "local version, index, ttl, began = ARGV[1], tonumber(ARGV[2]), ARGV[4], ARGV[6]",
            "local state = redis.call('GET', marker)",
            "local seen, seenBegan, next = nil, nil, nil",
            "if state then seen, seenBegan, next = string.match(state, '^(%S+) (%S+) (%S+)$') end",
            "if seen == version then",
            "  if next == 'done' then return 'done' end",
            "elseif seen and tonumber(began) < tonumber(seenBegan) then",
            "  return 'stale'",
            "end",
            "if index == 0 then",
            "  redis.call('DEL', staging)",
            "elseif seen ~= version or index > tonumber(next) then",
            "  return 'gap'",
            "elseif index < tonumber(next) then",
            "  return 'done'",
            "end",
            "local at = 8",
            "for c = 1, tonumber(ARGV[7]) do",
            "  local name, sub, n = ARGV[at], ARGV[at + 1], tonumber(ARGV[at + 2])",
            "  if sub == '' then",
            "    redis.call(name, staging, unpack(ARGV, at + 3, at + 2 + n))",
            "  else",
            "    redis.call(name, sub, staging, unpack(ARGV, at + 3, at + 2 + n))",
            "  end",
            "  at = at + 3 + n",
            "end",
            "if ARGV[3] == '1' then",
            "  if redis.call('EXISTS', staging) == 1 then",
            "    redis.call('RENAME', staging, target)",
            "    local expireAt = tonumber(ARGV[5])",
            "    if expireAt >= 0 then redis.call('PEXPIREAT', target, expireAt)"
                    + " else redis.call('PERSIST', target) end",
            "  else",
            "    redis.call('DEL', target)",
            "  end",
            "  redis.call('SET', marker, version .. ' ' .. began .. ' done', 'PX', ttl)",
            "  return 'committed'",
            "end",
            "redis.call('SET', marker, version .. ' ' .. began .. ' ' .. (index + 1), 'PX', ttl)",
            "redis.call('PEXPIRE', staging, ttl)",
            "return 'applied'").getBytes(StandardCharsets.UTF_8);
    private static final String GAP = "gap";

    private final TypedCommandPlanner planner;
    private final byte[] stagingTtl;
    private final AtomicLong incomplete;
    /** The copy last warned about: a copy read from its middle is said once, not once per part. */
    private String warned;

    /** @param connection a connection of its own: the writer turns its automatic flushing off to pipeline */
    /** @param incomplete counts the copies not put in place because parts of them were missing */
    public PartWriter(StatefulRedisConnection<byte[], byte[]> connection, TargetFeatures target, Duration stagingTtl,
                      Duration timeout, AtomicLong incomplete) {
        super(connection, timeout);
        this.incomplete = incomplete;
        this.planner = new TypedCommandPlanner(target);
        this.stagingTtl = ascii(Long.toString(stagingTtl.toMillis()));
    }

    /** The {@link PartRouting} sends only parts of big keys here. */
    @Override
    protected WriteSender sender(long now) {
        // Outcomes are awaited in order, so an earlier failure of a key is known when its later writes are judged.
        Map<ByteBuffer, Throwable> failedKeys = new HashMap<>();
        return write -> {
            KeyWrite.Part part = (KeyWrite.Part) write;
            CompletableFuture<byte[]> reply = send(part, now);
            return deadline -> outcome(part, reply, deadline, failedKeys);
        };
    }

    private CompletableFuture<byte[]> send(KeyWrite.Part write, long now) {
        ChunkPosition chunk = write.chunk();
        if (chunk.last() && write.expiredAt(now)) {
            // The key has expired on the source too: it ends up absent; its staging copy expires by itself.
            return commands.del(write.key()).thenApply(deleted -> ascii("committed")).toCompletableFuture();
        }
        byte[] staging = StagingKeys.staging(write.key());
        List<WriteCommand> plan = planner.planPart(staging, write.content(), chunk.last());
        List<byte[]> args = new ArrayList<>(6 + plan.size() * 4);
        args.add(ascii(chunk.version()));
        args.add(ascii(Integer.toString(chunk.index())));
        args.add(ascii(chunk.last() ? "1" : "0"));
        args.add(stagingTtl);
        args.add(ascii(Long.toString(write.expireAt())));
        args.add(ascii(Long.toString(chunk.readAt())));
        args.add(ascii(Integer.toString(plan.size())));
        for (WriteCommand command : plan) {
            args.add(command.type().getBytes());
            args.add(ascii(command.subcommand() == null ? "" : command.subcommand()));
            args.add(ascii(Integer.toString(command.args().size())));
            args.addAll(command.args());
        }
        byte[][] keys = {StagingKeys.marker(write.key()), staging, write.key()};
        RedisFuture<byte[]> reply = commands.eval(SCRIPT, ScriptOutputType.VALUE, keys, args.toArray(new byte[0][]));
        return reply.toCompletableFuture();
    }

    /**
     * Once a write of a key failed in this batch, every later write of that key fails with it, and they are all
     * tried again in order (a first part starts its copy afresh, so applying a part again is harmless).
     */
    private Throwable outcome(KeyWrite.Part write, CompletableFuture<byte[]> reply, long deadline,
                              Map<ByteBuffer, Throwable> failedKeys) throws InterruptedException {
        ByteBuffer key = ByteBuffer.wrap(write.key());
        Throwable error = RedisFutures.errorOf(reply, deadline);
        Throwable earlier = failedKeys.get(key);
        if (earlier != null || error != null) {
            failedKeys.putIfAbsent(key, error);
            return earlier != null ? earlier : error;
        }
        if (!GAP.equals(new String(reply.join(), StandardCharsets.US_ASCII))) {
            return null;
        }
        ChunkPosition chunk = write.chunk();
        if (!chunk.version().equals(warned)) {
            warned = chunk.version();
            log.warn("The topic holds part {} of copy {} of key {} without the parts before it (the sink started "
                    + "reading in the middle of the copy, a later copy of the key replaced them in the compacted "
                    + "topic, or the staging copy expired); the copy is not put in place and the key is left as it "
                    + "is, until a complete copy of it follows (counted in big-keys-incomplete)", chunk.index(),
                    chunk.version(), KeyText.printable(write.key()));
        }
        if (chunk.last()) {
            incomplete.incrementAndGet();
        }
        return null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
