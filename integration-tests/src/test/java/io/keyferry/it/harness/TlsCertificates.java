package io.keyferry.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private CA and certificates it signed, made with the {@code openssl} command in a temp dir: a server
 * certificate for 127.0.0.1, a client certificate, one that has expired, one naming another host, and a second
 * CA that signed none of them. Close it to delete the files.
 */
public final class TlsCertificates implements AutoCloseable {
    private final Path dir;

    private TlsCertificates(Path dir) {
        this.dir = dir;
    }

    public static TlsCertificates generate() {
        try {
            TlsCertificates certificates = new TlsCertificates(Files.createTempDirectory("keyferry-tls-"));
            certificates.authority("ca");
            certificates.authority("other-ca");
            certificates.signed("server", "IP:127.0.0.1,DNS:localhost", 2);
            certificates.signed("client", "DNS:keyferry-client", 2);
            // Valid for no time at all: expired by the time anyone connects.
            certificates.signed("expired", "IP:127.0.0.1,DNS:localhost", 0);
            certificates.signed("elsewhere", "DNS:elsewhere.example", 2);
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for certificates", e);
        }
    }

    /** The CA that signed every certificate here, as a PEM file. */
    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /** A CA that signed none of them. */
    public Path otherCa() {
        return dir.resolve("other-ca.crt");
    }

    /** The PEM certificate of {@code name}: server, client, expired or elsewhere. */
    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    /** The PEM (PKCS#8) key of {@code name}. */
    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void authority(String name) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=keyferry-test-" + name);
    }

    private void signed(String name, String alternativeNames, int days) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=keyferry-test-" + name);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + alternativeNames + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", String.valueOf(days), "-extfile", name + ".ext");
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + Files.readString(dir.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running openssl", e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
