package io.keyferry.it.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RedisServerTest {

    @Test
    void storesAndReadsBinaryKeysAndValues() {
        try (RedisServer server = RedisServer.start()) {
            byte[] key = {0, (byte) 0xff, 'k', '\r', '\n'};
            byte[] value = new byte[256];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) i;
            }

            server.sync().set(key, value);

            assertArrayEquals(value, server.sync().get(key));
            assertEquals("redis://127.0.0.1:" + server.port(), server.uri());
        }
    }

    @Test
    void serversStartedTogetherGetDistinctPortsAndBothAnswer() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
            assertNotEquals(first.port(), second.port());

            first.syncStrings().set("who", "first");
            second.syncStrings().set("who", "second");

            assertEquals("first", first.syncStrings().get("who"));
            assertEquals("second", second.syncStrings().get("who"));
        }
    }

    @Test
    void closeStopsTheProcessAndReleasesThePort() {
        RedisServer server = RedisServer.start();
        ProcessHandle handle = server.processHandle();
        assertEquals("PONG", server.syncStrings().ping());

        server.close();

        assertFalse(handle.isAlive());
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(server.host(), server.port()), 1000);
            }
        });
    }

    @Test
    void extraConfigArgsReachTheServer() {
        try (RedisServer server =
                RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA")) {
            String flags = server.syncStrings().configGet("notify-keyspace-events").get("notify-keyspace-events");
            // The server normalises flag order ("KEA" reads back as "AKE").
            assertEquals(Set.of('A', 'K', 'E'), flags.chars().mapToObj(c -> (char) c).collect(Collectors.toSet()));
        }
    }

    @Test
    void embedded62StartsAndReportsItsVersion() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "embedded-redis ships Redis 6.2 for linux only in this harness");
        RedisBinary binary = RedisBinary.embedded62();

        assertTrue(binary.version().startsWith("6.2"), binary.version());
        try (RedisServer server = RedisServer.start(binary)) {
            assertTrue(server.syncStrings().info("server").contains("redis_version:6.2"));
        }
    }

    @Test
    void missingBinarySkipsLocallyAndFailsOnCi() {
        String name = "keyferry-no-such-server";
        Class<? extends Throwable> expected = "true".equalsIgnoreCase(System.getenv("CI"))
                ? IllegalStateException.class
                : TestAbortedException.class;

        Throwable thrown = assertThrows(expected, () -> RedisBinary.onPath(name));

        assertTrue(thrown.getMessage().contains(name), thrown.getMessage());
    }
}
