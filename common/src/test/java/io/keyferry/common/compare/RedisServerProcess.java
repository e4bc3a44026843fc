package io.keyferry.common.compare;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A throwaway redis-server on a free local port, without persistence, for tests. */
final class RedisServerProcess implements AutoCloseable {
    private static final String EXECUTABLE = "redis-server";
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, EXECUTABLE))) {
                return true;
            }
        }
        return false;
    }

    static RedisServerProcess start() throws IOException, InterruptedException {
        int port = freePort();
        Process process = new ProcessBuilder(EXECUTABLE, "--port", String.valueOf(port), "--bind", HOST, "--save", "")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        RedisServerProcess server = new RedisServerProcess(process, port);
        try {
            server.awaitPong();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private void awaitPong() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("redis-server on port " + port + " did not answer PING within " + STARTUP_DEADLINE);
            }
            Thread.sleep(50);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "+PONG".equals(in.readLine());
        } catch (IOException notYetListening) {
            return false;
        }
    }
}
