package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryTimeSeriesStore;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.BackPressure;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;

/**
 * Devices posting as fast as their QoS 1 acknowledgements allow, over a real log, into a store far slower than they
 * are: the backlog of unstored records stays near the back-pressure bound instead of growing with the run, and every
 * point a device was told is safe ends up stored.
 */
class MqttBackPressureTest {
    private static final int DEVICES = 4;
    /** QoS 1 posts each device keeps unanswered (Paho's default window is 10). */
    private static final int IN_FLIGHT = 8;
    private static final long PAUSE_AT = 40;
    private static final long BASE_TIME = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Stores like the in-memory store, but takes 10 ms per value: about 50 posts of two points per second. */
    static final class SlowStore extends InMemoryTimeSeriesStore {
        @Override
        public void append(List<MeasurePointValue> batch, AppendMode mode) {
            try {
                Thread.sleep(10L * batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.append(batch, mode);
        }
    }

    private record Sent(long post, MqttDeliveryToken token) {
    }

    /** Paho frees a window slot just after it completes the token: a publish right then is tried again. */
    private static MqttDeliveryToken publish(MqttTopic topic, MqttMessage message) throws Exception {
        while (true) {
            try {
                return topic.publish(message);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    private static String post(long i) {
        return "{\"id\":\"" + i + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                + "\"params\":{\"measurepoints\":{\"power\":" + i + ".5,\"count\":" + i + "},\"time\":"
                + (BASE_TIME + i) + "}}";
    }

    @Test
    void aSlowStoreSlowsTheDevicesDownTheBacklogStaysBoundedAndEveryAcknowledgedPointIsStored() throws Exception {
        var directory = Fixtures.directory();
        for (int d = 3; d <= DEVICES; d++) {
            directory.add(Fixtures.device(Fixtures.PRODUCT, "dev" + d, true, true, null));
        }
        var store = new SlowStore();
        ExecutorService load = Executors.newFixedThreadPool(DEVICES + 1);
        try (var module = TimeSeriesModule.start(dir, TimeSeriesConfig.DEFAULTS.withBus(
                BusConfig.DEFAULTS.withPartitions(2)), store, AssetTimezones.UTC, PointSignalTypes.UNKNOWN)) {
            var ingest = module.deviceIngest(new BackPressure(PAUSE_AT, PAUSE_AT / 2, Duration.ZERO, Duration.ZERO));
            var gateway = new MqttGateway(MqttGatewayConfig.defaults().withHost("127.0.0.1").withPlainPort(0),
                    directory, ingest, new SimpleMeterRegistry()).start();
            try {
                var running = new AtomicBoolean(true);
                var maxBacklog = new AtomicLong();
                var acknowledged = new ConcurrentHashMap<String, List<Long>>();
                List<MqttTestDevice> connected = new ArrayList<>();
                for (int d = 1; d <= DEVICES; d++) {
                    connected.add(MqttTestDevice.connect(gateway.port(), Fixtures.PRODUCT, "dev" + d, "secret-dev" + d));
                }
                List<Future<?>> devices = new ArrayList<>();
                for (MqttTestDevice device : connected) {
                    var done = new ArrayList<Long>();
                    acknowledged.put(device.topic(""), done);
                    devices.add(load.submit(() -> {
                        try (device) {
                            var topic = device.client().getTopic(device.topic("thing/measurepoint/post"));
                            var unanswered = new ArrayDeque<Sent>();
                            for (long i = 0; running.get() || !unanswered.isEmpty(); i++) {
                                if (running.get()) {
                                    var message = new MqttMessage(post(i).getBytes(StandardCharsets.UTF_8));
                                    message.setQos(1);
                                    unanswered.add(new Sent(i, publish(topic, message)));
                                }
                                if (unanswered.size() == IN_FLIGHT || !running.get()) {
                                    // PUBACKs come in order: the oldest one answered is the next post told it is safe
                                    Sent oldest = unanswered.poll();
                                    oldest.token().waitForCompletion(30_000);
                                    done.add(oldest.post());
                                }
                            }
                        }
                        return null;
                    }));
                }
                Future<?> sampler = load.submit(() -> {
                    while (running.get()) {
                        maxBacklog.accumulateAndGet(module.backlogRecords(), Math::max);
                        Thread.sleep(2);
                    }
                    return null;
                });
                Thread.sleep(4_000);
                running.set(false);
                for (Future<?> device : devices) {
                    device.get();
                }
                sampler.get();

                long posts = acknowledged.values().stream().mapToLong(List::size).sum();
                assertThat(module.backPressure().pauses()).as("acknowledgements were held").isPositive();
                // each device has its window of posts unanswered; a post passing in the millisecond between two
                // looks at the backlog lets its device send one more
                assertThat(maxBacklog.get()).as("most unstored records at any time, of %d posts", posts)
                        .isLessThanOrEqualTo(PAUSE_AT + 2L * DEVICES * IN_FLIGHT);
                assertThat(posts).as("acknowledged while the bound held").isGreaterThan(PAUSE_AT);
                assertThat(module.awaitStored(Duration.ofSeconds(30))).isTrue();
                for (var entry : acknowledged.entrySet()) {
                    String asset = "asset-" + entry.getKey().split("/")[3];
                    List<Long> times = store.range(new SeriesKey(Fixtures.ORG, asset, "count"), BASE_TIME,
                            Long.MAX_VALUE, Integer.MAX_VALUE, false).stream().map(v -> v.time() - BASE_TIME)
                            .toList();
                    assertThat(times).as("stored points of %s", entry.getKey()).containsAll(entry.getValue());
                }
                assertThat(module.backPressure().active()).isFalse();
            } finally {
                gateway.close();
            }
        } finally {
            load.shutdownNow();
        }
    }
}
