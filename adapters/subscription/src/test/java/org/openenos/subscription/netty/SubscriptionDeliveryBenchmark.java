package org.openenos.subscription.netty;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionCredentials;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionRouter;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionService;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.EmbeddedTelemetryBus;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.testkit.InMemorySubscriptionStore;

/**
 * Delivery throughput and latency, run by hand (see docs/benchmarks.md): values published on the embedded telemetry
 * log at a steady rate (each publish acknowledged after its fsync, as a device's QoS 1 post is) are routed to one
 * subscription and pulled over raw TCP by protocol clients that commit every 5 s like the SDKs; once by one consumer,
 * once by 10 consumer groups at the same time. Latency is from the publish call to the client's receipt (wall clock).
 * Then the memory of idle subscriptions and idle connected consumers. Arguments: values per second, seconds.
 */
public final class SubscriptionDeliveryBenchmark {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        run("warm-up", 1, rate, 5);
        run("1 consumer", 1, rate, seconds);
        run("10 consumer groups", 10, rate, seconds);
        memory();
    }

    private static void run(String name, int groups, int rate, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("openenos-sub-bench");
        try (var bus = EmbeddedTelemetryBus.open(dir.resolve("bus"), BusConfig.DEFAULTS);
             var engine = new SubscriptionEngine(dir.resolve("subs"), SubscriptionConfig.DEFAULTS,
                     SubscriptionScope.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())) {
            var service = new SubscriptionService(new InMemorySubscriptionStore(), SubscriptionScope.OPEN, engine,
                    new SecretCipher(new byte[32]), Clock.systemUTC()).start();
            var c = service.create("o1", "bench", null, 0, null);
            try (var router = new SubscriptionRouter(bus, engine);
                 var listener = new SubscriptionListener("127.0.0.1", 0, service, engine, new SimpleMeterRegistry())
                         .start()) {
                var histogram = new Histogram(60_000, 3);
                var received = new AtomicLong();
                long expected = (long) rate * seconds;
                var consumers = new ArrayList<Thread>();
                for (int g = 0; g < groups; g++) {
                    String group = "g" + g;
                    consumers.add(Thread.ofPlatform().start(() -> consume(listener.port(), c, group, expected,
                            histogram, received)));
                }
                Thread.sleep(500);
                long start = System.nanoTime();
                publish(bus, rate, seconds);
                long publishedAt = System.nanoTime();
                for (Thread t : consumers) {
                    t.join(120_000);
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("%-20s %,d values/s offered for %d s: %,d messages delivered in %.1f s "
                                + "(%,.0f msg/s in total, drained %.1f s after the last publish); latency ms "
                                + "p50 %d, p99 %d, max %d%n", name, rate, seconds, received.get(), elapsed,
                        received.get() / elapsed, (System.nanoTime() - publishedAt) / 1e9,
                        histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                        histogram.getMaxValue());
            }
        }
    }

    /* One value per publish call, 1,000 assets, paced per millisecond; publishes overlap as devices' posts do. */
    private static void publish(TelemetryBus bus, int rate, int seconds) {
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        var pending = new ArrayList<CompletableFuture<Void>>();
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            pending.add(bus.publish(List.of(new MeasurePointValue("o1", "m1", "asset-" + (i % 1000), "p",
                    System.currentTimeMillis(), (double) i, null))));
            if (pending.size() >= 10_000) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    private static void consume(int port, SubscriptionCredentials c, String group, long expected,
                                Histogram histogram, AtomicLong received) {
        try (var client = EnosSubscriptionClient.tcp(port)) {
            client.auth(c.accessKey(), c.accessSecret(), c.subId(), 0);
            client.subscribe(0, c.subId(), c.accessKey(), group);
            long count = 0;
            long lastCommit = System.nanoTime();
            var uncommitted = new ArrayList<EnosSubscriptionClient.Message>();
            int idlePulls = 0;
            while (count < expected && idlePulls < 10) {
                var messages = client.pull().messages();
                idlePulls = messages.isEmpty() && count > 0 ? idlePulls + 1 : 0;
                long now = System.currentTimeMillis();
                for (var m : messages) {
                    String v = m.value();
                    int at = v.indexOf("\"time\":") + 7;
                    long time = Long.parseLong(v, at, v.indexOf(',', at), 10);
                    synchronized (histogram) {
                        histogram.recordValue(Math.min(59_999, Math.max(0, now - time)));
                    }
                }
                count += messages.size();
                received.addAndGet(messages.size());
                uncommitted.addAll(messages);
                if (System.nanoTime() - lastCommit > 5_000_000_000L && !uncommitted.isEmpty()) {
                    client.commit(uncommitted);
                    uncommitted.clear();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /* Heap after a full GC, before and after: 1,000 idle subscriptions, then 200 idle connected consumers. */
    private static void memory() throws Exception {
        Path dir = Files.createTempDirectory("openenos-sub-bench-mem");
        try (var bus = EmbeddedTelemetryBus.open(dir.resolve("bus"), BusConfig.DEFAULTS);
             var engine = new SubscriptionEngine(dir.resolve("subs"),
                     SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofSeconds(2)), SubscriptionScope.OPEN,
                     new SimpleMeterRegistry(), Clock.systemUTC())) {
            var service = new SubscriptionService(new InMemorySubscriptionStore(), SubscriptionScope.OPEN, engine,
                    new SecretCipher(new byte[32]), Clock.systemUTC()).start();
            try (var listener = new SubscriptionListener("127.0.0.1", 0, service, engine, new SimpleMeterRegistry())
                    .start()) {
                long base = heap();
                var subs = new ArrayList<SubscriptionCredentials>();
                for (int i = 0; i < 1000; i++) {
                    subs.add(service.create("o1", null, null, 0,
                            new org.openenos.subscription.SubscriptionFilter(null, java.util.Set.of("a" + i), null,
                                    null, null)));
                }
                long withSubs = heap();
                var clients = new ArrayList<EnosSubscriptionClient>();
                for (int i = 0; i < 200; i++) {
                    var c = subs.get(i);
                    var client = EnosSubscriptionClient.tcp(listener.port());
                    client.auth(c.accessKey(), c.accessSecret(), c.subId(), 0);
                    client.subscribe(0, c.subId(), c.accessKey(), "g");
                    clients.add(client);
                }
                long withClients = heap();
                System.out.printf("memory: %,d bytes per idle subscription (1,000), %,d bytes per idle connected "
                        + "consumer (200, server side and test clients in one JVM)%n", (withSubs - base) / 1000,
                        (withClients - withSubs) / 200);
                clients.forEach(EnosSubscriptionClient::close);
            }
        }
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        var rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
