package io.keyferry.bench;

import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** Core-seconds a server used since it started, children included. */
    static double serverSeconds(RedisServer server) {
        double seconds = 0;
        for (String line : server.syncStrings().info("cpu").split("\r?\n")) {
            // used_cpu_{sys,user}[_children]; the *_main_thread lines are a part of the process's own.
            if (line.startsWith("used_cpu_") && !line.contains("main_thread")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    /**
     * CPU time of some of this JVM's threads, such as those of one connector's task: the threads {@code chosen}
     * accepts, counted from {@link #start}, or from their own start for threads started since. A thread that ends
     * before {@link #coreSeconds()} takes its CPU time with it.
     */
    static final class Threads {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final Predicate<Thread> chosen;
        private final Map<Long, Long> atStart = new HashMap<>();

        private Threads(Predicate<Thread> chosen) {
            this.chosen = chosen;
            live().forEach(thread -> atStart.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId())));
        }

        static Threads start(Predicate<Thread> chosen) {
            return new Threads(chosen);
        }

        /** The ids of the threads alive now: to tell the threads a deployment started by what is new. */
        static Set<Long> ids() {
            return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
        }

        double coreSeconds() {
            long nanos = 0;
            for (Thread thread : live().toList()) {
                long now = THREADS.getThreadCpuTime(thread.getId());
                if (now >= 0) {
                    nanos += now - atStart.getOrDefault(thread.getId(), 0L);
                }
            }
            return nanos / 1e9;
        }

        private Stream<Thread> live() {
            return Thread.getAllStackTraces().keySet().stream().filter(chosen);
        }
    }
}
