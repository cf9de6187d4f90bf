package org.openenos.streaming.flink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openenos.streaming.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what cluster-mode jobs read from the registry to the compacted directory topic (ADR 0129). Before a job is
 * submitted, everything it reads is written and flushed, so the job starts with it; afterwards the registry is read
 * again every refresh period for every job this node started or resumed, and only what changed is written (a deleted
 * asset or tree as a tombstone). Reading the registry again, rather than hooking each of its writers, catches every
 * change whichever node or path made it. Several nodes may write the same record: the newest one wins, and they are
 * equal.
 */
final class DirectoryPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPublisher.class);
    private static final int BATCH = 500;

    private record Watched(String orgId, JobSpec spec) {
    }

    private final String topic;
    private final DirectorySource source;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    /** What this node last wrote per key, and which keys each watched job reads. */
    private final Map<String, String> written = new HashMap<>();
    private final Map<String, Set<String>> keysOf = new HashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("stream-directory-refresh").daemon().unstarted(r));
    private final Counter records;
    private final Counter failures;

    DirectoryPublisher(ClusterEngineConfig config, DirectorySource source, MeterRegistry meters) {
        this.topic = config.directoryTopic();
        this.source = source;
        var props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put("bootstrap.servers", config.bootstrapServers());
        // the brokers' default replication: a lost record is written again when its job next starts
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            LOG.info("created the compacted directory topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the directory topic " + topic + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create the directory topic " + topic, e);
        }
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.records = Counter.builder("openenos.stream.cluster.directory.records")
                .description("registry records written to the directory topic for stream jobs on the Flink cluster")
                .register(meters);
        this.failures = Counter.builder("openenos.stream.cluster.directory.failures")
                .description("directory refreshes that failed (registry or Kafka unavailable); retried next period")
                .register(meters);
        long period = config.directoryRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether a job reads the registry (a template's operator or a custom pipeline's look-up or platform step). */
    static boolean reads(JobSpec spec) {
        return !DirectoryReads.of(spec).isEmpty();
    }

    /** Writes what the job reads, waits until Kafka has it, and keeps it current while the job is watched. */
    void watch(String pipelineId, String orgId, JobSpec spec) {
        if (!reads(spec)) {
            return;
        }
        watched.put(pipelineId, new Watched(orgId, spec));
        publish(Set.of(pipelineId), true);
    }

    void unwatch(String pipelineId) {
        watched.remove(pipelineId);
        synchronized (this) {
            keysOf.remove(pipelineId);
        }
    }

    private void refreshQuietly() {
        try {
            publish(Set.copyOf(watched.keySet()), false);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("the directory topic {} was not refreshed: {}", topic, e.getMessage());
        }
    }

    /**
     * Writes the records of these jobs that changed since this node wrote them, or all of them ({@code all}, when a
     * job starts: the topic may have lost records this node believes written, and a job must open with everything).
     */
    private synchronized void publish(Set<String> pipelineIds, boolean all) {
        var current = new LinkedHashMap<String, String>();
        var gone = new LinkedHashSet<String>();
        for (String pipelineId : pipelineIds) {
            Watched job = watched.get(pipelineId);
            if (job == null) {
                continue;
            }
            Map<String, String> entries = entriesOf(job.orgId(), job.spec());
            current.putAll(entries);
            Set<String> before = keysOf.put(pipelineId, new HashSet<>(entries.keySet()));
            if (before != null) {
                before.stream().filter(k -> !entries.containsKey(k)).forEach(gone::add);
            }
        }
        keysOf.values().forEach(gone::removeAll);
        int sent = 0;
        for (var e : current.entrySet()) {
            if (all || !e.getValue().equals(written.get(e.getKey()))) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue()));
                written.put(e.getKey(), e.getValue());
                sent++;
            }
        }
        for (String key : gone) {
            producer.send(new ProducerRecord<>(topic, key, null));
            written.remove(key);
            sent++;
        }
        if (sent > 0) {
            producer.flush();
            records.increment(sent);
            LOG.debug("wrote {} records to the directory topic {}", sent, topic);
        }
    }

    /** The records a job reads: its models' assets (attributes, time zone) and its trees. */
    private Map<String, String> entriesOf(String orgId, JobSpec spec) {
        var reads = DirectoryReads.of(spec);
        var entries = new LinkedHashMap<String, String>();
        for (String modelId : reads.models()) {
            List<String> ids = source.assetsOfModel(orgId, modelId);
            for (int from = 0; from < ids.size(); from += BATCH) {
                source.assets(orgId, ids.subList(from, Math.min(ids.size(), from + BATCH))).forEach((id, a) ->
                        entries.put(DirectoryEntries.assetKey(orgId, id),
                                DirectoryEntries.assetValue(a.timezone(), a.attributes())));
            }
        }
        for (String treeId : reads.trees()) {
            var nodes = source.treeNodes(orgId, treeId);
            entries.put(DirectoryEntries.treeKey(orgId, treeId), DirectoryEntries.treeValue(nodes));
        }
        return entries;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
