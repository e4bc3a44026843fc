package io.keyferry.launcher;

import io.keyferry.common.Version;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"keyferry " + Version.get()};
    }
}
