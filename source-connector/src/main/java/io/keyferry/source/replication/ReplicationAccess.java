package io.keyferry.source.replication;

import com.moilioncircle.redis.replicator.Configuration;
import com.moilioncircle.redis.replicator.cmd.ReplyParser;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.net.RedisSocketFactory;
import io.keyferry.common.config.RedisEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Whether the server lets the source's user attach as a replica, found out without attaching: PSYNC and
 * REPLCONF are sent on a connection subscribed to a pattern (RESP2), where a server checks the user's ACL and
 * then refuses every command but the subscription's. So NOPERM means the rule is missing, "unknown command" that
 * the server does not offer it (managed services), and the subscription's refusal that all is well.
 */
public final class ReplicationAccess {
    /** The pattern subscribed to: the source's rules grant it (notifications mode subscribes to it). */
    private static final String PATTERN = "__keyevent@%d__:*";

    private ReplicationAccess() {
    }

    /**
     * @return what stops the capture, saying what to change; null when nothing does, or when it cannot be told
     * (the user may not subscribe to the channel; the server then refuses at the first attach, which is logged)
     * @throws IOException when the server cannot be reached: a task waits for it
     */
    public static String refusal(RedisEndpoint endpoint) throws IOException {
        Configuration configuration = LinkSettings.of(endpoint);
        String server = endpoint.describe();
        try (Socket socket = new RedisSocketFactory(configuration).createSocket(endpoint.uri().getHost(),
                endpoint.uri().getPort(), configuration.getConnectionTimeout())) {
            socket.setSoTimeout(configuration.getConnectionTimeout());
            OutputStream out = socket.getOutputStream();
            ReplyParser replies = new ReplyParser(new RedisInputStream(socket.getInputStream()));
            if (configuration.getAuthPassword() != null) {
                String auth = text(call(out, replies, configuration.getAuthUser() == null
                        ? List.of("AUTH", configuration.getAuthPassword())
                        : List.of("AUTH", configuration.getAuthUser(), configuration.getAuthPassword())));
                if (!auth.equals("OK")) {
                    return server + " refused the credentials: " + auth;
                }
            }
            Object subscribed = call(out, replies, List.of("PSUBSCRIBE", String.format(Locale.ROOT, PATTERN,
                    endpoint.database())));
            if (!(subscribed instanceof Object[])) {
                return null;
            }
            for (List<String> command : List.of(List.of("PSYNC", "?", "-1"),
                    List.of("REPLCONF", "listening-port", "0"))) {
                String reply = text(call(out, replies, command));
                String name = command.get(0);
                if (reply.startsWith("NOPERM")) {
                    return "The user may not run " + name + " on " + server + " (" + reply + "): add +"
                            + name.toLowerCase(Locale.ROOT) + " to its ACL rules, or use redis.capture=notifications";
                }
                if (reply.toLowerCase(Locale.ROOT).contains("unknown command")) {
                    return server + " does not let clients run " + name + " (" + reply + "); managed services "
                            + "such as ElastiCache, MemoryDB and Azure Cache for Redis do not let a client attach as "
                            + "a replica: use redis.capture=notifications";
                }
                if (!reply.contains("allowed in this context")) {
                    // Run after all (a server without the subscription's restriction): this connection ends now.
                    return null;
                }
            }
            return null;
        }
    }

    private static Object call(OutputStream out, ReplyParser replies, List<String> command) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : command) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return replies.parse();
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
