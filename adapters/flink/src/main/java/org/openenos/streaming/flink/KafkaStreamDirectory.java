package org.openenos.streaming.flink;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openenos.streaming.StreamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as a stream job on a Flink TaskManager sees it (ADR 0129): a copy of the directory topic, read from its
 * beginning when the first operator of the job opens on this TaskManager and followed afterwards, so a changed
 * attribute, time zone or tree reaches the running job within a poll. One copy per job and TaskManager: the job's
 * classes (and this copy with them) belong to the job's class loader, which closes it when the job leaves.
 */
final class KafkaStreamDirectory implements StreamDirectory, AutoCloseable {
    /** Job parameters that switch a job's operators to this directory. */
    static final String TOPIC = "openenos.directory.topic";
    static final String BOOTSTRAP = "openenos.directory.bootstrap-servers";
    static final String KAFKA_PREFIX = "openenos.directory.kafka.";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamDirectory.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Map<String, KafkaStreamDirectory> OPEN = new HashMap<>();

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, DirectoryEntries.AssetEntry> assets = new ConcurrentHashMap<>();
    private final Map<String, List<TreeNode>> trees = new ConcurrentHashMap<>();
    private final Thread follower;
    private volatile boolean closed;

    /** The copy of the topic the parameters name, opened (and caught up) on first use in this class loader. */
    static synchronized KafkaStreamDirectory open(Map<String, String> params) {
        String key = params.get(BOOTSTRAP) + "/" + params.get(TOPIC);
        KafkaStreamDirectory directory = OPEN.get(key);
        if (directory == null) {
            directory = new KafkaStreamDirectory(params);
            OPEN.put(key, directory);
        }
        return directory;
    }

    /** Closes every copy: the job's class loader is being released on this TaskManager. */
    static synchronized void closeAll() {
        OPEN.values().forEach(KafkaStreamDirectory::close);
        OPEN.clear();
    }

    private KafkaStreamDirectory(Map<String, String> params) {
        this.topic = params.get(TOPIC);
        var props = new Properties();
        params.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                props.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        props.put("bootstrap.servers", params.get(BOOTSTRAP));
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("client.id", "openenos-directory-" + Long.toHexString(System.nanoTime()));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        long began = System.nanoTime();
        try {
            catchUp();
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(1));
            throw e;
        }
        LOG.info("directory topic {} read in {} ms: {} assets, {} trees", topic,
                (System.nanoTime() - began) / 1_000_000, assets.size(), trees.size());
        this.follower = Thread.ofPlatform().daemon().name("openenos-directory-follower").start(this::follow);
    }

    /** Reads the topic up to the end it has now: a job starts with every record the server wrote before it. */
    private void catchUp() {
        var partitions = consumer.partitionsFor(topic, CATCH_UP).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the directory topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, CATCH_UP);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the directory topic " + topic + " was not read within " + CATCH_UP);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
        }
    }

    private void follow() {
        try {
            while (!closed) {
                consumer.poll(Duration.ofMillis(500)).forEach(this::apply);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("directory topic {} no longer followed; registry changes stop reaching this job", topic, e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** A record that does not decode is skipped: poison data must not stop the jobs. */
    private void apply(ConsumerRecord<String, String> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        try {
            if (key.startsWith("asset\n")) {
                if (record.value() == null) {
                    assets.remove(key);
                } else {
                    assets.put(key, DirectoryEntries.readAsset(record.value()));
                }
            } else if (key.startsWith("tree\n")) {
                if (record.value() == null) {
                    trees.remove(key);
                } else {
                    trees.put(key, DirectoryEntries.readTree(record.value()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping a directory record that does not decode (offset {}): {}", record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public String timezone(String orgId, String assetId) {
        var entry = assets.get(DirectoryEntries.assetKey(orgId, assetId));
        return entry == null ? null : entry.timezone();
    }

    @Override
    public Map<String, Object> attributes(String orgId, String assetId) {
        var entry = assets.get(DirectoryEntries.assetKey(orgId, assetId));
        return entry == null ? Map.of() : entry.attributes();
    }

    @Override
    public List<TreeNode> treeNodes(String orgId, String treeId) {
        return trees.getOrDefault(DirectoryEntries.treeKey(orgId, treeId), List.of());
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
