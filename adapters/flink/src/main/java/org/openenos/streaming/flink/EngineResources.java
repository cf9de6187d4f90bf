package org.openenos.streaming.flink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.streaming.StreamDirectory;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryIngest;

/**
 * What the operators of an embedded job reach outside Flink: the telemetry bus they read, the ingest path they
 * write to, and the job's counters. Operators are serialized into the job graph, so they hold a key and look the
 * objects up here; the embedded cluster runs in this JVM, so the lookup finds them. (A job on a session cluster would
 * read Kafka and write through the REST ingest instead: the graph stays the same, the source and sink differ.)
 */
final class EngineResources {
    record Telemetry(TelemetryBus bus, TelemetryIngest ingest) {
    }

    private static final Map<String, Telemetry> TELEMETRY = new ConcurrentHashMap<>();
    private static final Map<String, JobCounters> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, StreamDirectory> DIRECTORIES = new ConcurrentHashMap<>();

    private EngineResources() {
    }

    static void register(String engineKey, TelemetryBus bus, TelemetryIngest ingest) {
        TELEMETRY.put(engineKey, new Telemetry(bus, ingest));
    }

    static void unregister(String engineKey) {
        TELEMETRY.remove(engineKey);
        DIRECTORIES.remove(engineKey);
    }

    static void registerDirectory(String engineKey, StreamDirectory directory) {
        DIRECTORIES.put(engineKey, directory);
    }

    /** The registry look-ups of the engine's jobs (time zones, asset trees). */
    static StreamDirectory directory(String engineKey) {
        return DIRECTORIES.getOrDefault(engineKey, StreamDirectory.NONE);
    }

    static Telemetry telemetry(String engineKey) {
        Telemetry t = TELEMETRY.get(engineKey);
        if (t == null) {
            throw new IllegalStateException("stream engine " + engineKey + " is not running in this JVM");
        }
        return t;
    }

    /** The counters of a job, created on first use (a restarted job keeps counting where it was). */
    static JobCounters counters(String pipelineId) {
        return COUNTERS.computeIfAbsent(pipelineId, id -> new JobCounters());
    }

    static void dropCounters(String pipelineId) {
        COUNTERS.remove(pipelineId);
        // the counters of a custom pipeline's window stages ("pipelineId/stageId")
        COUNTERS.keySet().removeIf(key -> key.startsWith(pipelineId + "/"));
    }
}
