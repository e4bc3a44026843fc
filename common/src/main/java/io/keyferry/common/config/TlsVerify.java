package io.keyferry.common.config;

import io.lettuce.core.SslVerifyMode;

/** How much of the server's certificate a TLS connection checks: {@code redis.tls.verify}. */
public enum TlsVerify implements CodedEnum {
    /** Signed by a trusted CA, and naming the host connected to. */
    FULL(SslVerifyMode.FULL),
    /** Signed by a trusted CA, whatever host it names (servers reached by IP, or behind a proxy). */
    CA(SslVerifyMode.CA),
    /** Not checked at all: anyone on the path can pose as the server. Logged as a warning. */
    NONE(SslVerifyMode.NONE);

    private final SslVerifyMode mode;

    TlsVerify(SslVerifyMode mode) {
        this.mode = mode;
    }

    SslVerifyMode mode() {
        return mode;
    }

    /** Whether the certificate must name the host connected to. */
    public boolean checksHost() {
        return this == FULL;
    }

    public static TlsVerify fromCode(String code) {
        return CodedEnum.fromCode(TlsVerify.class, code, "TLS verify mode");
    }
}
