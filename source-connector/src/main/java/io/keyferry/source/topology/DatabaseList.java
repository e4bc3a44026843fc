package io.keyferry.source.topology;

import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The databases of a standalone server that redis.databases asks for, "all" resolved on the server. */
public final class DatabaseList {
    private static final Pattern KEYSPACE_LINE = Pattern.compile("^db(\\d+):", Pattern.MULTILINE);

    private DatabaseList() {
    }

    /**
     * @param listed the indexes redis.databases lists, empty for none
     * @param all    whether it says all
     * @return the databases to read: the listed ones, every one the server has for all, else the URI's
     */
    public static List<Integer> resolve(RedisEndpoint endpoint, List<Integer> listed, boolean all) {
        if (!all) {
            return listed.isEmpty() ? List.of(endpoint.database()) : listed;
        }
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
            try {
                Map<String, String> count = connection.sync().configGet("databases");
                int databases = Integer.parseInt(count.getOrDefault("databases", "16").trim());
                List<Integer> every = new ArrayList<>();
                for (int database = 0; database < databases; database++) {
                    every.add(database);
                }
                return every;
            } catch (RedisCommandExecutionException refused) {
                // CONFIG blocked (a managed service): the databases that hold keys now.
                List<Integer> holding = new ArrayList<>();
                Matcher line = KEYSPACE_LINE.matcher(connection.sync().info("keyspace"));
                while (line.find()) {
                    holding.add(Integer.parseInt(line.group(1)));
                }
                return holding.isEmpty() ? List.of(endpoint.database()) : holding;
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
