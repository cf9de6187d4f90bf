package org.openenos.subscription.postgres;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.subscription.SharedSubscriptionLog.Append;

/**
 * Throughput and latency of the shared subscription log (ADR 0082) on the embedded PostgreSQL: one appender writes
 * batches of messages to a subscription's two partitions as fast as it can (as the router does, one transaction per
 * batch), and {@code readers} groups each read both partitions from offset 0 as a consumer does, 100 messages per
 * read, polling every 200 ms when idle. Latency is from the append call to the read. Not a test: run its main.
 * Arguments: batch size, seconds, readers.
 */
public final class SharedSubscriptionLogBenchmark {
    private SharedSubscriptionLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int readers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        var dir = Files.createTempDirectory("shared-log-bench");
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0,
                readers + 4))) {
            var log = new PostgresSharedSubscriptionLog(db.dataSource());
            log.create("bench", 2);
            var appended = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            var appender = Thread.ofPlatform().start(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    var list = new ArrayList<Append>(batch);
                    long now = System.currentTimeMillis();
                    for (int k = 0; k < batch; k++, i++) {
                        String asset = "asset-" + (i % 1000);
                        list.add(new Append("bench", Math.floorMod(asset.hashCode(), 2), asset,
                                "{\"orgId\":\"o1\",\"modelId\":\"m\",\"payload\":[{\"assetId\":\"" + asset
                                        + "\",\"time\":" + now + ",\"points\":\"{\\\"temp\\\":21.5}\"}]}", now));
                    }
                    log.append(list);
                    appended.addAndGet(batch);
                }
            });
            var latencies = new ArrayList<long[]>();
            var threads = new ArrayList<Thread>();
            var received = new AtomicLong();
            for (int r = 0; r < readers; r++) {
                long[] lat = new long[5_000_000 / Math.max(1, readers)];
                latencies.add(lat);
                threads.add(Thread.ofPlatform().start(() -> {
                    long[] next = {0, 0};
                    int n = 0;
                    while (System.nanoTime() < end + 5_000_000_000L) {
                        boolean any = false;
                        for (int p = 0; p < 2; p++) {
                            var read = log.read("bench", p, next[p], 100);
                            long now = System.currentTimeMillis();
                            for (var m : read) {
                                if (n < lat.length) {
                                    lat[n++] = now - m.timestamp();
                                }
                            }
                            if (!read.isEmpty()) {
                                next[p] = read.getLast().offset() + 1;
                                received.addAndGet(read.size());
                                any = true;
                            }
                        }
                        if (!any) {
                            if (System.nanoTime() > end && next[0] + next[1] >= appended.get()) {
                                break;
                            }
                            sleep(200);
                        }
                    }
                    lat[lat.length - 1] = n;
                }));
            }
            long start = System.nanoTime();
            appender.join();
            double appendSeconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : threads) {
                t.join();
            }
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            var all = new ArrayList<Long>();
            for (long[] lat : latencies) {
                int n = (int) lat[lat.length - 1];
                for (int k = 0; k < n; k++) {
                    all.add(lat[k]);
                }
            }
            long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf("batch %d, %d readers: appended %d in %.1f s (%.0f msg/s); read %d in %.1f s "
                            + "(%.0f msg/s); latency p50 %d ms, p99 %d ms, max %d ms%n", batch, readers,
                    appended.get(), appendSeconds, appended.get() / appendSeconds, received.get(), totalSeconds,
                    received.get() / totalSeconds, pct(sorted, 0.50), pct(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }
    }

    private static long pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
