package io.keyferry.launcher;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** What a dry run's sink tasks counted, summed from their dry-run-* metrics in this JVM's embedded worker. */
final class DryRunReport {
    private static final List<String> TYPES = List.of("string", "hash", "list", "set", "zset", "stream", "other");

    private DryRunReport() {
    }

    /** Lines to print: keys and bytes by type, then the totals; null when the tasks' metrics are not in this JVM. */
    static String of(String sinkName) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> tasks = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + sinkName
                + ",task=*"), null);
        if (tasks.isEmpty()) {
            return null;
        }
        StringBuilder report = new StringBuilder(
                String.format(Locale.ROOT, "%-8s %14s %18s%n", "type", "keys", "bytes"));
        long keys = 0;
        long bytes = 0;
        for (String type : TYPES) {
            long typeKeys = sum(server, tasks, "dry-run-" + type + "-keys");
            long typeBytes = sum(server, tasks, "dry-run-" + type + "-bytes");
            keys += typeKeys;
            bytes += typeBytes;
            report.append(String.format(Locale.ROOT, "%-8s %,14d %,18d%n", type, typeKeys, typeBytes));
        }
        report.append(String.format(Locale.ROOT, "%-8s %,14d %,18d%n", "total", keys, bytes));
        report.append(String.format(Locale.ROOT, "deletions %,d", sum(server, tasks, "dry-run-deletes")));
        return report.toString();
    }

    private static long sum(MBeanServer server, Set<ObjectName> tasks, String metric) throws JMException {
        long total = 0;
        for (ObjectName task : tasks) {
            total += ((Number) server.getAttribute(task, metric)).longValue();
        }
        return total;
    }
}
