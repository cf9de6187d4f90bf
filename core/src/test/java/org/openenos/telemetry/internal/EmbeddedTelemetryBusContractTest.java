package org.openenos.telemetry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryBusContractTest;

/** The bus contract on the embedded, file-backed log. */
class EmbeddedTelemetryBusContractTest extends TelemetryBusContractTest {
    @TempDir
    Path dir;
    private final Map<TelemetryBus, BusConfig> configs = new IdentityHashMap<>();
    private final Map<TelemetryBus, DeadLetters> deadLetters = new IdentityHashMap<>();

    @Override
    protected TelemetryBus openBus(int partitions) {
        var config = BusConfig.DEFAULTS.withPartitions(partitions);
        var bus = new LogTelemetryBus(dir.resolve("log"), config);
        configs.put(bus, config);
        return bus;
    }

    @Override
    protected TelemetryBus reopen(TelemetryBus bus) {
        bus.close();
        var again = new LogTelemetryBus(dir.resolve("log"), configs.get(bus));
        configs.put(again, configs.get(bus));
        return again;
    }

    @Override
    protected void appendUndecodable(TelemetryBus bus, int partition, byte[] bytes) {
        // Only the writer thread appends while publishes run; here none does, so the test may write a frame itself.
        PartitionLog log = ((LogTelemetryBus) bus).logs().get(partition);
        try {
            log.append(bytes);
            log.force();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected DeadLetters deadLetters(TelemetryBus bus) {
        return deadLetters.computeIfAbsent(bus, b -> new DeadLetterFile(dir.resolve("dead-letters.tsv")));
    }
}
