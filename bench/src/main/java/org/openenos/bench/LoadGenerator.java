package org.openenos.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.DeviceId;
import org.openenos.sdk.Login;

/**
 * Load generator of the device protocol: N device connections (spread over 127.0.0.x so neither ephemeral ports
 * nor the per-address connection limit run out), each posting M messages/s of K points (single or batch posts, QoS
 * 0 or 1) for a bounded time. Against OpenEnOS the acknowledgement is the {@code _reply}; against a plain broker
 * (Mosquitto) it is the PUBACK. Several broker URIs spread the devices over server nodes in turn. Reports throughput, latency percentiles (HdrHistogram), publish→visible latency
 * and the broker's CPU seconds per message and resident memory from /proc.
 *
 * <pre>java -jar bench/target/openenos-bench-*-exec.jar --target openenos --admin-password … --devices 500 \
 *     --rate 2 --points 10 --qos 1 --seconds 20 --server-pid 1234</pre>
 */
public final class LoadGenerator {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final int CONNECTIONS_PER_ADDRESS = 900;

    private final BenchOptions options;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final List<DeviceClient> clients = new ArrayList<>();
    private DeviceClient probeClient;
    private volatile boolean running = true;

    private LoadGenerator(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        System.out.println(options.inflight() > 0 ? new InflightLoad(options).run() : new LoadGenerator(options).run());
        System.exit(0);
    }

    private String run() throws Exception {
        List<OpenEnosFixture.BenchDevice> devices;
        OpenEnosFixture.Provisioned provisioned = null;
        if (options.openenos()) {
            // one device more than the load: the visibility probe's own, whose marker no load message overwrites
            provisioned = OpenEnosFixture.provision(options.api(), options.adminPassword(), options.devices() + 1,
                    options.points());
            devices = provisioned.devices();
        } else {
            devices = new ArrayList<>();
            for (int i = 0; i < options.devices(); i++) {
                devices.add(new OpenEnosFixture.BenchDevice("benchpk", "bench-%05d".formatted(i), "none", null));
            }
        }
        long connectStart = System.nanoTime();
        connectAll(devices);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;

        probeClient = options.openenos() ? clients.removeLast() : null;
        VisibilityProbe probe = options.openenos()
                ? VisibilityProbe.latestApi(probeClient, provisioned.app(), provisioned.orgId(),
                devices.getLast().assetId(), options.points())
                : VisibilityProbe.subscriber(options.mqttUris().getFirst(), devices.getFirst(), options.points(),
                options.qos());
        if (options.warmupSeconds() > 0) {
            offer(options.warmupSeconds());
            sent.set(0);
            acknowledged.set(0);
            failed.set(0);
            latency.reset();
            running = true;
        }
        ProcessStats before = ProcessStats.of(options.serverPids());
        probe.start();
        double elapsed = offer(options.seconds());
        probe.stop();
        ProcessStats after = ProcessStats.of(options.serverPids());
        clients.forEach(DeviceClient::close);
        if (probeClient != null) {
            probeClient.close();
        }
        return report(elapsed, connectSeconds, before, after, latency.getIntervalHistogram(), probe.histogram());
    }

    /**
     * Offers the load for the given time, then waits (up to 10 s) for what is still unacknowledged. Returns the
     * seconds of offering, the divisor of the throughput.
     */
    private double offer(int seconds) throws InterruptedException {
        long start = System.nanoTime();
        List<Thread> senders = startSenders();
        Thread.sleep(seconds * 1000L);
        running = false;
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long drainUntil = System.currentTimeMillis() + 10_000;
        while (acknowledged.get() + failed.get() < sent.get() && System.currentTimeMillis() < drainUntil) {
            Thread.sleep(50);
        }
        return elapsed;
    }

    private void connectAll(List<OpenEnosFixture.BenchDevice> devices) throws Exception {
        Semaphore concurrent = new Semaphore(64);
        List<String> nodes = options.mqttUris();
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            OpenEnosFixture.BenchDevice device = devices.get(i);
            DeviceClientOptions clientOptions = DeviceClientOptions.of(nodes.get(i % nodes.size()))
                    .withLocalAddress(loopback(i / CONNECTIONS_PER_ADDRESS))
                    .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1))
                    .withReplyTimeout(Duration.ofSeconds(30))
                    .withSubscribeReplies(options.openenos())
                    .withMaxInflight(1000);
            DeviceClient client = DeviceClient.create(clientOptions,
                    new Login.Secret(device.productKey(), device.deviceKey(), device.deviceSecret()));
            clients.add(client);
            concurrent.acquire();
            connecting.add(client.connect().whenComplete((ok, failure) -> concurrent.release()));
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    private static InetAddress loopback(int index) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + index)});
    }

    /** Two pacing threads share the devices; each tick of 10 ms hands out the messages that are due. */
    private List<Thread> startSenders() {
        List<Thread> threads = new ArrayList<>();
        int senders = 2;
        for (int s = 0; s < senders; s++) {
            List<DeviceClient> slice = new ArrayList<>();
            for (int i = s; i < clients.size(); i += senders) {
                slice.add(clients.get(i));
            }
            threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> pace(slice)));
        }
        return threads;
    }

    private void pace(List<DeviceClient> slice) {
        double[] credit = new double[slice.size()];
        long tick = TimeUnit.MILLISECONDS.toNanos(10);
        long next = System.nanoTime();
        while (running) {
            for (int i = 0; i < slice.size(); i++) {
                credit[i] += options.rate() * 0.01;
                while (credit[i] >= 1) {
                    credit[i] -= 1;
                    send(slice.get(i));
                }
            }
            next += tick;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
        }
    }

    private void send(DeviceClient client) {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        sent.incrementAndGet();
        CompletableFuture<?> done;
        boolean batch = options.batch() > 1;
        Object params = batch ? batchParams(client.id(), now) : Map.of("measurepoints", points(now), "time", now);
        TopicKind kind = batch ? TopicKind.MEASUREPOINT_POST_BATCH : TopicKind.MEASUREPOINT_POST;
        if (options.openenos()) {
            done = client.request(kind, client.id(), null, params, options.qos()).thenAccept(reply -> {
                if (!reply.isSuccess()) {
                    throw new IllegalStateException("code " + reply.code());
                }
            });
        } else {
            byte[] payload = CODEC.encode(new DeviceRequest(Long.toString(ids.incrementAndGet()), "1.1",
                    kind.method(null), params));
            done = client.publishRaw(kind.topic(client.id().productKey(), client.id().deviceKey()), payload,
                    options.qos());
        }
        done.whenComplete((ok, failure) -> {
            if (failure == null) {
                acknowledged.incrementAndGet();
                latency.recordValue((System.nanoTime() - t0) / 1000);
            } else {
                failed.incrementAndGet();
            }
        });
    }

    private Map<String, Object> points(long now) {
        Map<String, Object> points = new LinkedHashMap<>();
        for (int p = 0; p < options.points(); p++) {
            points.put("p" + p, Math.round(Math.sin(now / 1000.0 + p) * 10000) / 100.0);
        }
        return points;
    }

    private Map<String, Object> batchParams(DeviceId device, long now) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int b = 0; b < options.batch(); b++) {
            items.add(Map.of("productKey", device.productKey(), "deviceKey", device.deviceKey(),
                    "measurepoints", points(now - b), "time", now - b));
        }
        return Map.of("measurepoints", items);
    }

    private String report(double elapsed, double connectSeconds, ProcessStats before, ProcessStats after,
                          Histogram ack, Histogram visible) {
        long messages = acknowledged.get();
        long points = messages * options.points() * Math.max(1, options.batch());
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        return """
                run        %s
                connect    %d connections in %.1f s
                sent       %d messages, acknowledged %d, failed %d
                throughput %.0f messages/s, %.0f points/s
                ack (ms)   p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
                visible    p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%d probes)
                server     %.1f CPU s, %.1f µs CPU/message, RSS %d MB
                """.formatted(options.describe(), clients.size(), connectSeconds, sent.get(), messages,
                failed.get(), messages / elapsed, points / elapsed, ms(ack, 50), ms(ack, 90), ms(ack, 99),
                ms(ack, 99.9), ack.getMaxValue() / 1000.0, (double) visible.getValueAtPercentile(50),
                (double) visible.getValueAtPercentile(99), (double) visible.getMaxValue(), visible.getTotalCount(),
                cpu, messages == 0 ? 0 : cpu * 1e6 / messages, after.rssBytes() / (1024 * 1024));
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
