package io.keyferry.it.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis-compatible server executable for integration tests.
 *
 * <p>A missing binary skips the test locally but fails it when {@code CI=true}, so a CI image
 * that lost its server cannot silently turn the whole suite into skips.
 */
public final class RedisBinary {

    private static final Pattern VERSION = Pattern.compile("v=(\\S+)");

    /** The jar's 6.2 binary, extracted at most once per JVM. */
    private static Path extractedEmbedded;

    private final Path path;
    private final String origin;

    private RedisBinary(Path path, String origin) {
        this.path = path;
        this.origin = origin;
    }

    /** {@code $REDIS_SERVER}, else {@code redis-server} on PATH, else the embedded 6.2 binary. */
    public static RedisBinary defaultBinary() {
        String fromEnv = System.getenv("REDIS_SERVER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path path = Path.of(fromEnv);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                return missing("REDIS_SERVER=" + fromEnv + " is not an executable file",
                        "point REDIS_SERVER at a redis-server binary, or unset it");
            }
            return new RedisBinary(path, "$REDIS_SERVER");
        }
        return findOnPath("redis-server")
                .map(path -> new RedisBinary(path, "redis-server on PATH"))
                .orElseGet(RedisBinary::embedded62);
    }

    /** Always the Redis 6.2 binary shipped in the embedded-redis test jar (for cross-version tests). */
    public static RedisBinary embedded62() {
        String resource = embeddedResource();
        if (resource == null) {
            return missing("embedded Redis 6.2 (no binary for " + System.getProperty("os.name")
                            + "/" + System.getProperty("os.arch") + " in embedded-redis)",
                    "run on linux x86_64 or aarch64, or install redis-server 6.2 and use REDIS_SERVER");
        }
        Path path = extract(resource);
        return path == null
                ? missing("embedded Redis 6.2 (resource " + resource + " not on the classpath)",
                        "add the com.github.codemonstur:embedded-redis test dependency")
                : new RedisBinary(path, "embedded-redis " + resource.substring(1));
    }

    /** An executable found on PATH, e.g. {@code "valkey-server"}. */
    public static RedisBinary onPath(String name) {
        return findOnPath(name)
                .map(path -> new RedisBinary(path, name + " on PATH"))
                .orElseGet(() -> missing(name + " not found on PATH", installHint(name)));
    }

    public Path path() {
        return path;
    }

    /** Runs {@code <binary> --version} and returns the server version, e.g. {@code "7.0.15"}. */
    public String version() {
        String output;
        try {
            Process process = new ProcessBuilder(path.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(this + " --version did not exit");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + this + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + this + " --version", e);
        }
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected output of " + this + " --version: " + output.strip());
        }
        return matcher.group(1);
    }

    @Override
    public String toString() {
        return origin + " (" + path + ")";
    }

    private static Optional<Path> findOnPath(String name) {
        String searchPath = System.getenv("PATH");
        if (searchPath == null) {
            return Optional.empty();
        }
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    private static String embeddedResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "/redis-server-6.2.6-v5-linux-amd64";
            case "aarch64":
            case "arm64":
                return "/redis-server-6.2.7-linux-arm64";
            default:
                return null;
        }
    }

    /** Returns the extracted executable, or null when the resource is absent. */
    private static synchronized Path extract(String resource) {
        if (extractedEmbedded != null) {
            return extractedEmbedded;
        }
        try (InputStream in = RedisBinary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Path target = Files.createTempFile("keyferry-redis-server-6.2-", "");
            target.toFile().deleteOnExit();
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + target + " executable");
            }
            extractedEmbedded = target;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }

    private static String installHint(String name) {
        return name.startsWith("valkey")
                ? "install it, e.g. apt-get install -t bookworm-backports " + name
                : "install it, e.g. apt-get install -y " + name;
    }

    private static <T> T missing(String what, String howToFix) {
        String message = "Redis binary unavailable: " + what + "; " + howToFix;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        return Assumptions.abort(message);
    }
}
