package io.keyferry.common.config;

import io.lettuce.core.SslOptions;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a TLS connection ({@code rediss://}) trusts and shows, beyond the JVM's defaults: the CA certificates
 * that signed the server's certificate (a PEM file or a trust store) and, for mutual TLS, the client's own
 * certificate and key (PEM files or a key store). Files are read when a connection opens, so certificates
 * renewed on disk are picked up by new connections.
 *
 * @param caFile             PEM CA certificates, or null for the trust store or the JVM's default
 * @param truststoreFile     JKS or PKCS12 trust store, or null
 * @param truststorePassword its password, or null
 * @param certFile           PEM client certificate chain, or null (then keyFile is null too)
 * @param keyFile            PEM PKCS#8 private key of certFile
 * @param keyPassword        the key's password when it is encrypted, or null
 * @param keystoreFile       JKS or PKCS12 key store with the client's key and certificate, or null
 * @param keystorePassword   its password, or null
 * @param verify             how much of the server's certificate is checked
 */
public record TlsSettings(String caFile, String truststoreFile, String truststorePassword, String certFile,
                          String keyFile, String keyPassword, String keystoreFile, String keystorePassword,
                          TlsVerify verify) {
    public static final TlsSettings DEFAULT = new TlsSettings(null, null, null, null, null, null, null, null,
            TlsVerify.FULL);

    /** Whether anything differs from the JVM's defaults and full verification. */
    public boolean customised() {
        return !equals(DEFAULT);
    }

    /** Lettuce's options for these settings; null when the defaults apply. */
    SslOptions sslOptions() {
        if (caFile == null && truststoreFile == null && certFile == null && keystoreFile == null) {
            return null;
        }
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (caFile != null) {
            builder.trustManager(new File(caFile));
        } else if (truststoreFile != null) {
            builder.truststore(new File(truststoreFile), truststorePassword == null ? "" : truststorePassword);
        }
        if (certFile != null) {
            builder.keyManager(new File(certFile), new File(keyFile),
                    keyPassword == null ? null : keyPassword.toCharArray());
        } else if (keystoreFile != null) {
            builder.keystore(new File(keystoreFile),
                    keystorePassword == null ? new char[0] : keystorePassword.toCharArray());
        }
        return builder.build();
    }

    /**
     * A JDK TLS context for these settings, for clients that open sockets of their own (the replication link);
     * host names are not checked here, see {@link TlsVerify#checksHost()}.
     */
    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (verify == TlsVerify.NONE) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (caFile != null) {
            builder.trustManager(new File(caFile));
        } else if (truststoreFile != null) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststoreFile, truststorePassword));
            builder.trustManager(trust);
        }
        if (certFile != null) {
            builder.keyManager(new File(certFile), new File(keyFile), keyPassword);
        } else if (keystoreFile != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystoreFile, keystorePassword), password(keystorePassword));
            builder.keyManager(keys);
        }
        return ((JdkSslContext) builder.build()).context();
    }

    private static KeyStore load(String file, String password) throws IOException, GeneralSecurityException {
        // The JDK's default type (PKCS12) reads JKS stores too.
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password(password));
        }
        return store;
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    @Override
    public String toString() {
        // Passwords stay out of logs and messages.
        return "TlsSettings[ca=" + caFile + ", truststore=" + truststoreFile + ", cert=" + certFile + ", key=" + keyFile
                + ", keystore=" + keystoreFile + ", verify=" + verify.code() + "]";
    }
}
