package io.keyferry.bench;

import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time a copy used, in core-seconds: this JVM (the Kafka broker, the Connect worker and the benchmark) and
 * the Redis servers, children included (the fork that streams an RDB). On a machine whose cores are all busy,
 * wall-clock time follows the CPU every part of a method needs, so this says where a method's time goes.
 */
final class CpuMeter {
    private final double jvmAtStart;
    private final Map<RedisServer, Double> serversAtStart = new IdentityHashMap<>();

    private CpuMeter(Collection<RedisServer> running) {
        jvmAtStart = jvmSeconds();
        running.forEach(server -> serversAtStart.put(server, serverSeconds(server)));
    }

    /** Starts counting now for the JVM and for the servers of these deployments, already running. */
    static CpuMeter start(RedisDeployment... running) {
        List<RedisServer> servers = new ArrayList<>();
        for (RedisDeployment deployment : running) {
            servers.addAll(deployment.servers());
        }
        return new CpuMeter(servers);
    }

    /**
     * @param startedSince servers started after {@link #start}, counted from their start
     * @return core-seconds since {@link #start}: by the JVM, and by every server
     */
    double coreSeconds(RedisServer... startedSince) {
        double used = jvmSeconds() - jvmAtStart;
        for (Map.Entry<RedisServer, Double> server : serversAtStart.entrySet()) {
            used += serverSeconds(server.getKey()) - server.getValue();
        }
        for (RedisServer server : startedSince) {
            used += serverSeconds(server);
        }
        return used;
    }

    private static double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double serverSeconds(RedisServer server) {
        double seconds = 0;
        for (String line : server.syncStrings().info("cpu").split("\r?\n")) {
            // used_cpu_{sys,user}[_children]; the *_main_thread lines are a part of the process's own.
            if (line.startsWith("used_cpu_") && !line.contains("main_thread")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }
}
