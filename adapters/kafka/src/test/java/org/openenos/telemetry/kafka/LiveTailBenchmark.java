package org.openenos.telemetry.kafka;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.BusTail;
import org.openenos.telemetry.TelemetryBus;

/**
 * What the live values' reader of the whole bus costs a node (ADR 0123): the CPU time of the thread that reads the
 * topic through a {@link BusTail}, per record and per value, beside a consumer group member reading the same records
 * (what every stage's group does once across the cluster). One broker in this JVM; the topic is filled first, then
 * each reader reads all of it. The figure is the reading thread's CPU time; wall time depends on the machine's load.
 * Arguments: records, values per record, partitions, rounds.
 */
public final class LiveTailBenchmark {
    private LiveTailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int valuesPerRecord = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (var kafka = KafkaTestCluster.start(Files.createTempDirectory("live-tail-bench"), 1)) {
            for (int round = 1; round <= rounds; round++) {
                var config = KafkaBusConfig.singleBroker(kafka.bootstrapServers(), "bench-" + round, partitions);
                try (TelemetryBus bus = KafkaTelemetryBus.open(config, "bench")) {
                    BusTail tail = bus.tail("live-bench");
                    int bytes = fill(bus, records, valuesPerRecord);
                    long tailNanos = cpu(() -> readAll(tail, records));
                    tail.close();
                    try (BusConsumer group = bus.consumer("bench-group")) {
                        long groupNanos = cpu(() -> readAll(group, records));
                        System.out.printf("round %d: %d records of %d values (%d B each) on %d partitions: tail %.1f µs"
                                        + " CPU/record (%.2f µs/value), group member %.1f µs CPU/record%n", round,
                                records, valuesPerRecord, bytes, partitions, tailNanos / 1e3 / records,
                                tailNanos / 1e3 / records / valuesPerRecord, groupNanos / 1e3 / records);
                    }
                }
            }
        }
    }

    private static int fill(TelemetryBus bus, int records, int valuesPerRecord) {
        var acks = new ArrayList<CompletableFuture<Void>>();
        long t0 = System.currentTimeMillis();
        List<MeasurePointValue> sample = null;
        for (int r = 0; r < records; r++) {
            var values = new ArrayList<MeasurePointValue>(valuesPerRecord);
            for (int v = 0; v < valuesPerRecord; v++) {
                values.add(new MeasurePointValue("org", "model", "asset-" + r % 1_000, "p" + v, t0 + r, r * 0.5,
                        null));
            }
            sample = values;
            acks.add(bus.publish(values));
        }
        acks.forEach(CompletableFuture::join);
        return BusRecordFormat.encode(sample, false).length;
    }

    private static void readAll(BusTail tail, int records) {
        int read = 0;
        while (read < records) {
            read += tail.poll(Duration.ofSeconds(1), 4_000).size();
        }
    }

    private static void readAll(BusConsumer consumer, int records) {
        int read = 0;
        while (read < records) {
            List<BusRecord> polled = consumer.poll(Duration.ofSeconds(1), 4_000);
            read += polled.size();
        }
    }

    private static long cpu(Runnable work) {
        var threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        work.run();
        return threads.getCurrentThreadCpuTime() - before;
    }
}
