package org.openenos.connectivity.scripting;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openenos.connectivity.raw.PayloadScript;

/**
 * Conversions per second of a parsing script ({@code rawDataToProtocol} of a 9-byte measurement frame, then
 * {@code protocolToRawData} of its reply: two conversions per frame, as an {@code up_raw} post costs), on
 * {@code threads} threads after a warm-up. Prints wall-clock rate and conversions per CPU-second of the converting
 * threads, which says more than the wall clock on a shared machine.
 *
 * <p>Arguments: {@code [frames per thread, default 20000] [threads, default 1] [warm-up frames, default 5000]}.
 */
public final class PayloadScriptBenchmark {
    private PayloadScriptBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (GraalJsScriptEngine engine = new GraalJsScriptEngine(Duration.ofSeconds(2), 1_000_000)) {
            PayloadScript script = engine.compile(GraalJsScriptEngineTest.SCRIPT);
            convert(script, warmup, 0);
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                long start = System.nanoTime();
                List<Future<Long>> runs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t * frames;
                    runs.add(pool.submit(() -> {
                        long cpuStart = cpu.getCurrentThreadCpuTime();
                        convert(script, frames, offset);
                        return cpu.getCurrentThreadCpuTime() - cpuStart;
                    }));
                }
                long cpuNanos = 0;
                for (Future<Long> run : runs) {
                    cpuNanos += run.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long conversions = 2L * frames * threads;
                System.out.printf("%d conversions on %d thread(s) in %.2f s: %.0f conversions/s wall, "
                                + "%.0f conversions per CPU-second, %.3f ms per conversion (CPU)%n", conversions,
                        threads, seconds, conversions / seconds, conversions / (cpuNanos / 1e9),
                        cpuNanos / 1e6 / conversions);
            }
        }
    }

    private static void convert(PayloadScript script, int frames, int offset) {
        for (int i = 0; i < frames; i++) {
            int id = (offset + i) & 0xffff;
            byte[] frame = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x01)
                    .putFloat(i * 0.5f).putShort((short) i).putShort((short) id).array();
            String message = script.toProtocol(frame);
            if (!message.contains("\"id\":\"" + id + "\"")) {
                throw new IllegalStateException("unexpected conversion: " + message);
            }
            script.toRaw("{\"id\":\"" + id + "\",\"code\":200,\"data\":{}}");
        }
    }
}
