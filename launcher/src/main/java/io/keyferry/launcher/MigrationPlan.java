package io.keyferry.launcher;

import java.util.HashMap;
import java.util.Map;

/** The two connector configs a migration deploys, from the launcher's options. */
record MigrationPlan(String name, String topic, int partitions, String mode, String capture,
                     boolean configureNotifications, boolean verifyNotifications, String bootstrapServers,
                     RedisOptions redis, ThrottleOptions throttle, int sourceTasks, boolean dryRun) {
    /** Sink tasks: up to 4, but no more than the machine has cores for (this JVM runs Kafka and Connect too). */
    static final int SINK_TASKS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    String sourceName() {
        return name + "-source";
    }

    String sinkName() {
        return name + "-sink";
    }

    Map<String, String> sourceConfig() {
        Map<String, String> config = new HashMap<>(converters());
        config.put("connector.class", "io.keyferry.source.RedisSourceConnector");
        config.put("tasks.max", String.valueOf(sourceTasks));
        config.put("redis.mode", mode);
        config.put("redis.capture", capture);
        config.put("redis.topic", topic);
        config.put("redis.topic.partitions", String.valueOf(partitions));
        config.put("redis.live.notifications.configure", String.valueOf(configureNotifications));
        config.put("redis.live.notifications.verify", String.valueOf(verifyNotifications));
        config.put("redis.resync.kafka.bootstrap.servers", bootstrapServers);
        // As config/source.json: large producer batches cost the broker and the sink far less per record.
        config.put("producer.override.batch.size", "1048576");
        config.put("producer.override.linger.ms", "5");
        config.putAll(throttle.sourceConfig());
        config.putAll(redis.sourceConnection());
        return config;
    }

    Map<String, String> sinkConfig() {
        Map<String, String> config = new HashMap<>(converters());
        config.put("connector.class", "io.keyferry.sink.RedisSinkConnector");
        config.put("tasks.max", String.valueOf(Math.min(partitions, SINK_TASKS)));
        config.put("topics", topic);
        // As config/sink.json: fetches of up to 1 MB, waiting at most 20 ms for them to fill, write in fewer,
        // larger pipelined batches.
        config.put("consumer.override.fetch.min.bytes", "1048576");
        config.put("consumer.override.fetch.max.wait.ms", "20");
        config.put("consumer.override.max.poll.records", "2000");
        // After a crash, the sink's consumers of the killed run keep their partitions until their session
        // expires (45 s by default): a rerun resumes writing 10 s after it starts instead.
        config.put("consumer.override.session.timeout.ms", "10000");
        config.put("consumer.override.heartbeat.interval.ms", "3000");
        config.putAll(throttle.sinkConfig());
        config.put("redis.dry.run", String.valueOf(dryRun));
        config.putAll(redis.targetConnection());
        return config;
    }

    /** Headers as plain text: the default SimpleHeaderConverter parses every header value, which costs much CPU. */
    private static Map<String, String> converters() {
        return Map.of("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "header.converter", "org.apache.kafka.connect.storage.StringConverter");
    }

}
