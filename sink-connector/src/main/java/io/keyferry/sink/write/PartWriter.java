package io.keyferry.sink.write;

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
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the parts of big keys (docs/record-format.md, "Keys too big for one record"): each part in one script
 * call that adds its content to the key's staging copy ({@link StagingKeys}) and counts it in the key's marker;
 * the last part's call then renames the staging copy onto the key and sets its expiry, so readers see the old
 * key or the whole new one. A part applies only in its turn: the first part of a copy starts it afresh, a part
 * already applied (a redelivery after a crash) is skipped, and a part whose predecessors are missing is not
 * applied, so no part is ever applied twice and no half copy is ever put in place. Staging copy and marker
 * expire after {@code stagingTtl}, so the parts of a copy that never completes clean themselves up.
 */
public final class PartWriter extends ConnectionWriter {
    private static final Logger log = LoggerFactory.getLogger(PartWriter.class);
    // KEYS: marker, staging copy, key. ARGV: version, index, last (1/0), staging TTL (ms), expiry (ms, -1 for
    // none), command count, then per command: name, subcommand ('' for none), argument count, arguments; each
    // command applies to the staging copy. Marker: "<version> <next index>", or "<version> done" once in place.
    private static final byte[] SCRIPT = String.join("\n",
            "local marker, staging, target = KEYS[1], KEYS[2], KEYS[3]",
            "local version, index, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[4]",
            "local state = redis.call('GET', marker)",
            "local seen, next = nil, nil",
            "if state then",
            "  local space = string.find(state, ' ', 1, true)",
            "  seen = string.sub(state, 1, space - 1)",
            "  next = string.sub(state, space + 1)",
            "end",
            "if seen == version and next == 'done' then return 'done' end",
            "if index == 0 then",
            "  redis.call('DEL', staging)",
            "elseif seen ~= version or index > tonumber(next) then",
            "  return 'gap'",
            "elseif index < tonumber(next) then",
            "  return 'done'",
            "end",
            "local at = 7",
            "for c = 1, tonumber(ARGV[6]) do",
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
            "    if expireAt >= 0 then redis.call('PEXPIREAT', target, expireAt) else redis.call('PERSIST', target) end",
            "  else",
            "    redis.call('DEL', target)",
            "  end",
            "  redis.call('SET', marker, version .. ' done', 'PX', ttl)",
            "  return 'committed'",
            "end",
            "redis.call('SET', marker, version .. ' ' .. (index + 1), 'PX', ttl)",
            "redis.call('PEXPIRE', staging, ttl)",
            "return 'applied'").getBytes(StandardCharsets.UTF_8);
    private static final String GAP = "gap";

    private final TypedCommandPlanner planner;
    private final byte[] stagingTtl;
    /** The copy last warned about: a copy read from its middle is said once, not once per part. */
    private String warned;

    /** @param connection a connection of its own: the writer turns its automatic flushing off to pipeline */
    public PartWriter(StatefulRedisConnection<byte[], byte[]> connection, TargetFeatures target, Duration stagingTtl,
                      Duration timeout) {
        super(connection, timeout);
        this.planner = new TypedCommandPlanner(target);
        this.stagingTtl = ascii(Long.toString(stagingTtl.toMillis()));
    }

    @Override
    public SentWrites send(List<KeyWrite> writes, boolean asking) {
        long now = System.currentTimeMillis();
        SentWrites sent = new SentWrites(timeout);
        // A part refused for want of its predecessor, when that predecessor failed in this very batch, fails with
        // it and is tried again after it: outcomes are awaited in order, so the earlier failure is known by then.
        Map<ByteBuffer, Throwable> failedCopies = new HashMap<>();
        for (KeyWrite write : writes) {
            if (asking) {
                commands.asking();
            }
            CompletableFuture<byte[]> reply = send(write, now);
            sent.add(write, deadline -> outcome(write, reply, deadline, failedCopies));
        }
        connection.flushCommands();
        return sent.flushed();
    }

    private CompletableFuture<byte[]> send(KeyWrite write, long now) {
        ChunkPosition chunk = write.chunk();
        if (chunk.last() && write.expiredAt(now)) {
            // The key has expired on the source too: it ends up absent; its staging copy expires by itself.
            return commands.del(write.key()).thenApply(deleted -> ascii("committed")).toCompletableFuture();
        }
        byte[] staging = StagingKeys.staging(write.key());
        List<WriteCommand> plan = planner.planPart(staging, write.value(), chunk.last());
        List<byte[]> args = new ArrayList<>(6 + plan.size() * 4);
        args.add(ascii(chunk.version()));
        args.add(ascii(Integer.toString(chunk.index())));
        args.add(ascii(chunk.last() ? "1" : "0"));
        args.add(stagingTtl);
        args.add(ascii(Long.toString(write.expireAt())));
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

    private Throwable outcome(KeyWrite write, CompletableFuture<byte[]> reply, long deadline,
                                     Map<ByteBuffer, Throwable> failedCopies) throws InterruptedException {
        ByteBuffer copy = ByteBuffer.wrap((write.chunk().version() + " " + KeyText.printable(write.key()))
                .getBytes(StandardCharsets.UTF_8));
        Throwable error = Replies.awaitError(reply, deadline);
        if (error != null) {
            failedCopies.putIfAbsent(copy, error);
            return error;
        }
        if (!GAP.equals(new String(reply.join(), StandardCharsets.US_ASCII))) {
            return null;
        }
        Throwable earlier = failedCopies.get(copy);
        if (earlier != null) {
            return earlier;
        }
        String missing = "the topic holds part " + write.chunk().index() + " of copy " + write.chunk().version()
                + " of key " + KeyText.printable(write.key()) + " without the parts before it (the sink started "
                + "reading in the middle of the copy, or a later copy of the key replaced them in the compacted "
                + "topic, or the staging copy expired)";
        if (!write.chunk().last()) {
            if (!write.chunk().version().equals(warned)) {
                warned = write.chunk().version();
                log.warn("{}; its parts are not applied, and the key is left as it is until a complete copy follows",
                        missing);
            }
            return null;
        }
        return new DataException(missing + "; the key is left as it was, and a later copy of it will replace it");
    }


    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
