package io.keyferry.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a migration stands, from what Kafka and Connect say, so it works the same for the embedded
 * worker and a remote cluster: records produced (the topic's end offsets), records written (the sink's
 * committed offsets), whether the source's scan is complete (its committed offset), and task failures.
 */
final class ProgressMonitor {
    /** One reading. {@code lag} is the records produced but not yet written to the target. */
    record Reading(long produced, long written, boolean scanComplete, String failure) {
        long lag() {
            return Math.max(0, produced - written);
        }
    }

    private final Admin admin;
    private final ConnectRestClient rest;
    private final MigrationPlan plan;
    private final ClusterScanCompletion cluster;

    /** @param cluster how to tell a cluster source's scan complete; null for a standalone source */
    ProgressMonitor(Admin admin, ConnectRestClient rest, MigrationPlan plan, ClusterScanCompletion cluster) {
        this.admin = admin;
        this.rest = rest;
        this.plan = plan;
        this.cluster = cluster;
    }

    Reading read() throws IOException, InterruptedException, ExecutionException {
        Reading kafka = inKafka();
        return new Reading(kafka.produced(), kafka.written(), scanComplete(), failure());
    }

    /** What Kafka alone says: records produced and written, even before the connectors are deployed. */
    Reading inKafka() throws InterruptedException, ExecutionException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(plan.topic())).allTopicNames().get()
                .get(plan.topic()).partitions().stream()
                .map(p -> new TopicPartition(plan.topic(), p.partition())).toList();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
        long produced = ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets("connect-" + plan.sinkName()).partitionsToOffsetAndMetadata().get();
        long written = committed.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        return new Reading(produced, written, false, null);
    }

    /** Where the source's committed offsets put its snapshot, in words, e.g. for a resumed run. */
    String committedPosition() throws IOException, InterruptedException {
        List<String> cursors = new java.util.ArrayList<>();
        int done = 0;
        int partitions = 0;
        for (CommittedOffset committed : CommittedOffset.of(rest.offsets(plan.sourceName()))) {
            partitions++;
            if (committed.offset().done()) {
                done++;
            } else {
                cursors.add(committed.offset().position().cursor());
            }
        }
        if (partitions == 0) {
            return "no SCAN cursor was committed yet, so the snapshot starts from the first key";
        }
        if (cursors.isEmpty()) {
            return "the snapshot was complete: nothing is copied again";
        }
        return "the snapshot goes on from SCAN cursor" + (cursors.size() > 1 ? "s " : " ") + String.join(", ", cursors)
                + (done > 0 ? " (" + done + " of " + partitions + " primaries done)" : "");
    }

    /** A standalone source has one offset, "done" once scanned; a cluster source, one per task and primary. */
    private boolean scanComplete() throws IOException, InterruptedException {
        JsonNode offsets = rest.offsets(plan.sourceName());
        if (cluster != null) {
            return cluster.complete(rest.tasks(plan.sourceName()), CommittedOffset.of(offsets));
        }
        return CommittedOffset.of(offsets).stream().anyMatch(committed -> committed.offset().done());
    }

    /** The first failed connector or task of the migration, with Connect's trace, or null. */
    private String failure() throws IOException, InterruptedException {
        for (String name : List.of(plan.sourceName(), plan.sinkName())) {
            JsonNode status = rest.status(name);
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                return name + " failed: " + status.path("connector").path("trace").asText();
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return name + " task " + task.path("id").asText() + " failed: " + task.path("trace").asText();
                }
            }
        }
        return null;
    }
}
