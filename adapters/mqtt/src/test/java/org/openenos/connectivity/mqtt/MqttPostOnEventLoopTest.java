package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.MqttTestDevice;

/**
 * A live measure point post runs on the event loop when nothing in it can block (model in memory, room in the log),
 * and on a worker otherwise; either way the device hears its reply and PUBACK only once the values are durable.
 */
class MqttPostOnEventLoopTest {
    private static final String TOPIC = "/sys/pkInv/dev1/thing/measurepoint/post";
    private final HeldIngest ingest = new HeldIngest();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor();
    private MqttGateway gateway;

    @AfterEach
    void stop() {
        publisher.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Takes values at once and completes each ingest only when the test says they are durable. */
    private static final class HeldIngest implements TelemetryIngest {
        final LinkedBlockingQueue<CompletableFuture<Void>> held = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean room = true;

        @Override
        public CompletableFuture<Void> ingest(List<MeasurePointValue> values) {
            threads.add(Thread.currentThread().getName());
            CompletableFuture<Void> durable = new CompletableFuture<>();
            held.add(durable);
            return durable;
        }

        @Override
        public boolean acceptsWithoutWaiting() {
            return room;
        }
    }

    private MqttTestDevice connect() throws Exception {
        gateway = new MqttGateway(MqttGatewayConfig.defaults().withHost("127.0.0.1").withPlainPort(0),
                Fixtures.directory(), ingest, new SimpleMeterRegistry()).start();
        MqttTestDevice device = MqttTestDevice.connect(gateway.port(), Fixtures.PRODUCT, "dev1", "secret-dev1");
        device.client().subscribe(TOPIC + "_reply", 1);
        return device;
    }

    private static String post(String id) {
        return "{\"id\":\"" + id + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                + "\"params\":{\"measurepoints\":{\"power\":1.5},\"time\":1700000000000}}";
    }

    /** Publishes with QoS 1 on another thread (Paho returns once the PUBACK came), then releases the durable future. */
    private String postAndRelease(MqttTestDevice device, String id) throws Exception {
        Future<?> acknowledged = publisher.submit(() -> {
            device.publish(TOPIC, post(id));
            return null;
        });
        CompletableFuture<Void> durable = ingest.held.poll(10, TimeUnit.SECONDS);
        assertThat(durable).as("the post reached the ingest").isNotNull();
        Thread.sleep(200);
        assertThat(acknowledged.isDone()).as("no PUBACK before the values are durable").isFalse();
        assertThat(device.received()).as("no reply before the values are durable").isEmpty();
        durable.complete(null);
        acknowledged.get(10, TimeUnit.SECONDS);
        assertThat(device.next(TOPIC + "_reply").path("code").asInt()).isEqualTo(200);
        return ingest.threads.getLast();
    }

    @Test
    void aPostWhoseModelIsInMemoryIsHandledOnTheEventLoopAndAnsweredOnlyOnceDurable() throws Exception {
        try (MqttTestDevice device = connect()) {
            String thread = postAndRelease(device, "1");
            assertThat(thread).doesNotStartWith("mqtt-worker");
        }
    }

    @Test
    void aPostWhileTheLogHasNoRoomGoesToAWorkerAndIsAnsweredOnlyOnceDurable() throws Exception {
        ingest.room = false;
        try (MqttTestDevice device = connect()) {
            String thread = postAndRelease(device, "2");
            assertThat(thread).startsWith("mqtt-worker");
        }
    }
}
