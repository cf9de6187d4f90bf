package org.openenos.edge.app.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusConnectorFactory;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.edge.runtime.EdgeRuntime;
import org.openenos.edge.runtime.Forwarder;

/**
 * Edge benchmarks against the in-process Modbus simulator and a counting cloud:
 * <ul>
 *   <li>{@code poll <devices> <registers> <seconds>}: points/s polled, mapped one-to-one and forwarded;</li>
 *   <li>{@code heap <devices> <seconds>}: heap in use after GC with that many devices of 10 points polled every second;</li>
 *   <li>{@code replay <items>}: items/s re-sent from the store-and-forward log after an outage;</li>
 *   <li>{@code field <devices> <points> <seconds>}: CPU and memory of the edge at a field load, each device with
 *   that many points polled every second on one Modbus TCP connection (100 x 10 = 1,000 points/s).</li>
 * </ul>
 */
public final class EdgeBenchmark {
    private EdgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "poll" -> poll(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "heap" -> heap(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "replay" -> replay(Integer.parseInt(args[1]));
            case "field" -> field(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("poll | heap | replay | field");
        }
        System.exit(0);
    }

    static String config(Path dir, int port, int devices, int registers, int pollMillis, int connections) {
        StringBuilder y = new StringBuilder("""
                gateway: {productKey: gw, deviceSecret: s, serialNumber: bench}
                buffer: {directory: "%s", fsync: false}
                status: {port: -1}
                connections:
                """.formatted(dir.toString().replace("\\", "/")));
        for (int c = 0; c < connections; c++) {
            y.append("  - {id: plc%d, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 2000}\n".formatted(c, port));
        }
        List<String> points = new ArrayList<>();
        List<String> mappings = new ArrayList<>();
        for (int r = 0; r < registers; r++) {
            points.add("{id: r%d, area: HOLDING_REGISTER, address: %d, type: UINT16, scale: 0.1}".formatted(r, r));
            mappings.add("{measurepoint: p%d, input: r%d}".formatted(r, r));
        }
        String pointList = "[" + String.join(", ", points) + "]";
        String template = "{measurepoints: [" + String.join(", ", mappings) + "]}";
        y.append("devices:\n");
        for (int d = 0; d < devices; d++) {
            y.append(("  - {id: d%d, connection: plc%d, unitId: %d, productKey: pk, deviceKey: dev%d, deviceSecret: s, "
                    + "pollIntervalMillis: %d, points: %s, template: %s}\n")
                    .formatted(d, d % connections, 1 + d % 200, d, pollMillis, pointList, template));
        }
        return y.toString();
    }

    static EdgeConfig load(String yaml) {
        return new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "bench.yaml");
    }

    static void poll(int devices, int registers, int seconds) throws Exception {
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            for (int r = 0; r < registers; r++) {
                slave.setHolding(r, r);
            }
            Path dir = Files.createTempDirectory("edge-bench");
            EdgeConfig config = load(config(dir, slave.port(), devices, registers, 1, devices));
            CountingCloudLink cloud = new CountingCloudLink();
            try (EdgeRuntime edge = new EdgeRuntime(config, List.of(new ModbusConnectorFactory()), cloud, new SimpleMeterRegistry())) {
                edge.start();
                Thread.sleep(3000);
                long startPoints = cloud.livePoints.sum();
                long startRequests = slave.requests();
                long start = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long points = cloud.livePoints.sum() - startPoints;
                System.out.printf("poll: %d devices x %d registers: %.0f points/s forwarded, %.0f Modbus requests/s, buffer depth %d%n",
                        devices, registers, points / elapsed, (slave.requests() - startRequests) / elapsed,
                        edge.status().bufferDepth());
            }
        }
    }

    static void heap(int devices, int seconds) throws Exception {
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            Path dir = Files.createTempDirectory("edge-bench");
            EdgeConfig config = load(config(dir, slave.port(), devices, 10, 1000, Math.max(1, devices / 100)));
            CountingCloudLink cloud = new CountingCloudLink();
            try (EdgeRuntime edge = new EdgeRuntime(config, List.of(new ModbusConnectorFactory()), cloud, new SimpleMeterRegistry())) {
                edge.start();
                Thread.sleep(seconds * 1000L);
                System.gc();
                Thread.sleep(500);
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long polls = edge.status().devices().stream().mapToLong(d -> d.polls()).sum();
                System.out.printf("heap: %d devices x 10 points, %d connections, polled 1/s: %.1f MB heap used after GC, "
                                + "max heap %d MB, %d polls, %.0f points/s forwarded%n", devices, Math.max(1, devices / 100),
                        used / 1e6, Runtime.getRuntime().maxMemory() / (1024 * 1024), polls,
                        cloud.livePoints.sum() / (double) seconds);
            }
        }
    }

    /**
     * The edge's own process CPU (the simulator runs in the same JVM, so this is an upper bound), heap after GC and
     * resident memory over {@code seconds} of steady polling.
     */
    static void field(int devices, int points, int seconds) throws Exception {
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            Path dir = Files.createTempDirectory("edge-bench");
            EdgeConfig config = load(config(dir, slave.port(), devices, points, 1000, 1));
            CountingCloudLink cloud = new CountingCloudLink();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (EdgeRuntime edge = new EdgeRuntime(config, List.of(new ModbusConnectorFactory()), cloud, new SimpleMeterRegistry())) {
                edge.start();
                Thread.sleep(5000);
                long startPoints = cloud.livePoints.sum();
                long startCpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double elapsed = (System.nanoTime() - start) / 1e9;
                double cpu = (os.getProcessCpuTime() - startCpu) / 1e9 / elapsed;
                double rate = (cloud.livePoints.sum() - startPoints) / elapsed;
                System.gc();
                Thread.sleep(500);
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("field: %d devices x %d points polled 1/s: %.0f points/s forwarded, process CPU %.1f%% of"
                                + " one core, %.1f MB heap after GC, %s resident, %d live threads (virtual not counted)%n",
                        devices, points, rate, cpu * 100, heap / 1e6, resident(),
                        ManagementFactory.getThreadMXBean().getThreadCount());
            }
        }
    }

    private static String resident() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static void replay(int items) throws Exception {
        Path dir = Files.createTempDirectory("edge-bench");
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 4L << 30, 64L << 20, true)) {
            List<UploadItem> batch = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                batch.add(new UploadItem("pk", "dev" + (i % 1000), 1_700_000_000_000L + i,
                        Map.of("p", Map.of("value", i * 0.5, "quality", 0), "q", Map.of("value", (double) i, "quality", 0))));
                if (batch.size() == 500) {
                    log.append(batch);
                    batch.clear();
                }
            }
            log.append(batch);
            System.out.printf("replay: %d items (%d points) in %.1f MB of log%n", items, items * 2, log.bytes() / 1e6);
            CountingCloudLink cloud = new CountingCloudLink();
            cloud.setListener(new org.openenos.edge.cloud.CloudLink.Listener() {
                public void connected() { }
                public void disconnected(Throwable cause) { }
                public void command(org.openenos.edge.cloud.CloudCommand command) { }
            });
            long start = System.nanoTime();
            try (Forwarder forwarder = new Forwarder(cloud, log, 500, 500, new SimpleMeterRegistry())) {
                forwarder.setReady(true);
                while (log.depth() > 0) {
                    Thread.sleep(5);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("replay: %.0f items/s (%.0f points/s) read, resent and acknowledged%n", items / elapsed,
                    items * 2 / elapsed);
        }
    }
}
