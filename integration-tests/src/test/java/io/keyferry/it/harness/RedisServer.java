package io.keyferry.it.harness;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port, with its own temp dir and no
 * persistence. Close it (try-with-resources) to stop the process and delete the dir.
 */
public final class RedisServer implements RedisDeployment, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 40;

    /** Started and not yet closed; the shutdown hook kills whatever a test forgot to close. */
    private static final Set<RedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killForgotten, "redis-server-reaper"));
    }

    private final RedisBinary binary;
    private final int port;
    private final Path dir;
    private final List<String> command;
    private volatile Process process;
    private int tlsPort = -1;
    private boolean closed;
    private RedisClient client;
    private RedisCommands<byte[], byte[]> sync;
    private RedisCommands<String, String> syncStrings;

    private RedisServer(RedisBinary binary, int port, Path dir, List<String> command, Process process) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.command = command;
        this.process = process;
    }

    /** Starts the {@link RedisBinary#defaultBinary() default binary}. */
    public static RedisServer start() {
        return start(RedisBinary.defaultBinary());
    }

    /**
     * Starts {@code binary}; {@code extraConfigArgs} are appended to the command line, e.g.
     * {@code "--notify-keyspace-events", "KEA"}, and override the harness defaults.
     */
    public static RedisServer start(RedisBinary binary, String... extraConfigArgs) {
        for (int attempt = 1; ; attempt++) {
            RedisServer server = launch(binary, freePort(), extraConfigArgs);
            boolean ready;
            try {
                ready = server.awaitReady();
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            if (ready) {
                return server;
            }
            // Another process took the port between freePort() and redis binding it.
            server.close();
            if (attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException(binary + " lost its port to another process "
                        + PORT_ATTEMPTS + " times in a row");
            }
            LOG.log(Level.DEBUG, "port {0} was taken, retrying", server.port);
        }
    }

    /**
     * Starts the default binary with a TLS port besides its plain one (which the test's own connections use):
     * {@code certificate} names the server certificate of {@code certificates} it shows, and with
     * {@code clientCertificates} it requires a client certificate that the CA signed (mutual TLS);
     * {@code extraConfigArgs} are appended as in {@link #start(RedisBinary, String...)}.
     */
    public static RedisServer startTls(TlsCertificates certificates, String certificate, boolean clientCertificates,
                                       String... extraConfigArgs) {
        int tlsPort = freePort();
        List<String> args = new ArrayList<>(List.of("--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certificates.cert(certificate).toString(),
                "--tls-key-file", certificates.key(certificate).toString(),
                "--tls-ca-cert-file", certificates.ca().toString(),
                "--tls-auth-clients", clientCertificates ? "yes" : "no"));
        args.addAll(List.of(extraConfigArgs));
        RedisServer server = start(RedisBinary.defaultBinary(), args.toArray(String[]::new));
        server.tlsPort = tlsPort;
        return server;
    }

    /** A counter of {@code INFO stats}: sync_full, sync_partial_ok, expired_keys. */
    public long stat(String name) {
        for (String line : syncStrings().info("stats").split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("INFO stats has no " + name);
    }

    public int port() {
        return port;
    }

    /** The TLS port of a server started by {@link #startTls}. */
    public int tlsPort() {
        if (tlsPort < 0) {
            throw new IllegalStateException(this + " has no TLS port");
        }
        return tlsPort;
    }

    /** {@code rediss://} on the TLS port of a server started by {@link #startTls}. */
    public String tlsUri() {
        return "rediss://" + HOST + ":" + tlsPort();
    }

    public String host() {
        return HOST;
    }

    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public RedisBinary binary() {
        return binary;
    }

    /** The server process, e.g. to check it is gone after {@link #close()}. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** A Lettuce client for this server, created on first use and shut down by {@link #close()}. */
    public synchronized RedisClient client() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (client == null) {
            client = RedisClient.create(RedisURI.create(HOST, port));
        }
        return client;
    }

    /** Binary-safe synchronous commands on one shared connection. */
    public synchronized RedisCommands<byte[], byte[]> sync() {
        if (sync == null) {
            sync = client().connect(ByteArrayCodec.INSTANCE).sync();
        }
        return sync;
    }

    /** UTF-8 string commands on one shared connection, for readable test code. */
    public synchronized RedisCommands<String, String> syncStrings() {
        if (syncStrings == null) {
            syncStrings = client().connect().sync();
        }
        return syncStrings;
    }

    @Override
    public StatefulRedisConnection<byte[], byte[]> connectBinary() {
        return client().connect(ByteArrayCodec.INSTANCE);
    }

    @Override
    public StringConnection connectStrings() {
        StatefulRedisConnection<String, String> connection = client().connect();
        return new StringConnection(connection, connection.sync());
    }

    /** Keys in database 0. */
    @Override
    public long dbsize() {
        return sync().dbsize();
    }

    @Override
    public List<RedisServer> servers() {
        return List.of(this);
    }

    public void flushAll() {
        sync().flushall();
    }

    /** Shuts down the client, stops the process (SIGTERM, then SIGKILL after 10 s) and deletes the dir. */
    @Override
    public void close() {
        RedisClient toShutDown;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toShutDown = client;
        }
        try {
            if (toShutDown != null) {
                toShutDown.shutdown();
            }
        } finally {
            stop();
            LIVE.remove(this);
            deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", pid " + process.pid() + ", " + binary + "]";
    }

    private static RedisServer launch(RedisBinary binary, int port, String... extraConfigArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("keyferry-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
        }
        try {
            // A config file rather than "--save ''" on the command line: empty command-line
            // arguments are parsed differently across Redis 6.2, 7.x and Valkey.
            Path config = dir.resolve("redis.conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind " + HOST,
                    "protected-mode no",
                    "daemonize no",
                    "save \"\"",
                    "appendonly no",
                    "dir " + quoted(dir),
                    "logfile " + quoted(dir.resolve("redis.log")),
                    ""));
            List<String> command = new ArrayList<>(List.of(binary.path().toString(), config.toString()));
            Collections.addAll(command, extraConfigArgs);
            command = List.copyOf(command);
            // Output before the logfile is opened (config errors) lands in console.log.
            RedisServer server = new RedisServer(binary, port, dir, command, spawn(command, dir));
            LIVE.add(server);
            return server;
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private static Process spawn(List<String> command, Path dir) throws IOException {
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                .start();
    }

    /** Kills the server process with SIGKILL, as a crash would, keeping its port and dir for {@link #restart}. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted killing " + this, e);
        }
    }

    /**
     * Starts the server again on its port and in its dir, so a dump.rdb saved there is loaded; {@code extraConfigArgs}
     * come after the first start's. Returns once it answers INFO, which a server still loading does too.
     */
    public void restart(String... extraConfigArgs) {
        List<String> again = new ArrayList<>(command);
        Collections.addAll(again, extraConfigArgs);
        try {
            process = spawn(again, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart " + binary, e);
        }
        if (!awaitReady()) {
            throw new IllegalStateException("another process took port " + port + " while " + this + " was down");
        }
    }

    /**
     * Polls until the server answers as <em>this</em> process (INFO's process_id, so a foreign
     * server that won a port race is not mistaken for ours). Returns false if redis exited
     * because the port was taken, throws on any other failure or after {@link #READY_TIMEOUT}.
     */
    private boolean awaitReady() {
        String identity = "process_id:" + process.pid() + "\r\n";
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String log = logTail();
                if (log.contains("Address already in use")) {
                    return false;
                }
                throw new IllegalStateException(binary + " exited with code " + process.exitValue()
                        + " before answering on port " + port + "\n" + log);
            }
            if (query("INFO server").contains(identity)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(binary + " did not answer on port " + port
                        + " within " + READY_TIMEOUT.toSeconds() + " s\n" + logTail());
            }
            try {
                // The pause between polls; returns at once if the process dies.
                process.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + this, e);
            }
        }
    }

    /** One inline command over a plain socket; "" when nothing (valid) answers yet. */
    private String query(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 250);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write((command + "\r\n").getBytes(US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return header;
            }
            int length = Integer.parseInt(header.substring(1));
            return length < 0 ? "" : new String(in.readNBytes(length), UTF_8);
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(UTF_8);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        return tail(dir.resolve("console.log")) + tail(dir.resolve("redis.log"));
    }

    private static String tail(Path file) {
        try {
            // ISO-8859-1 never rejects a byte, whatever the server logged.
            List<String> lines = Files.readAllLines(file, ISO_8859_1);
            if (lines.isEmpty()) {
                return "";
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "--- " + file + " ---\n" + String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            // Best effort: a leftover temp dir must not fail a test.
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not delete " + root, e);
        }
    }

    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static void killForgotten() {
        for (RedisServer server : LIVE) {
            // Not LOG: java.util.logging resets its handlers in its own shutdown hook.
            System.err.println("killing " + server + ", which a test did not close");
            server.process.destroyForcibly();
        }
        for (RedisServer server : LIVE) {
            try {
                server.process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            deleteRecursively(server.dir);
        }
    }
}
