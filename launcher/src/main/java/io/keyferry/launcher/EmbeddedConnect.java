package io.keyferry.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;

/**
 * A standalone Connect worker in this JVM, REST on loopback, its source offsets in a file in the data
 * directory (a restarted migration resumes from them). The connectors are on the launcher's classpath.
 */
final class EmbeddedConnect implements AutoCloseable {
    private final Connect<StandaloneHerder> connect;

    private EmbeddedConnect(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    static EmbeddedConnect start(String bootstrapServers, Path dataDir) {
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("offset.storage.file.filename", dataDir.resolve("connect.offsets").toString());
        // The launcher sees a snapshot end by these offsets (the source's "done", the sink's positions): a
        // small migration would otherwise wait up to this long after its last write.
        worker.put("offset.flush.interval.ms", "100");
        worker.put("listeners", "http://127.0.0.1:" + FreePort.find());
        worker.put("plugin.discovery", "service_load");
        // The launcher stops Connect itself, before Kafka; Connect's own shutdown hook would race with that.
        Exit.setShutdownHookAdder((name, runnable) -> { });
        try {
            return new EmbeddedConnect(new ConnectStandalone().startConnect(worker));
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    URI url() {
        return connect.rest().serverUrl();
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
