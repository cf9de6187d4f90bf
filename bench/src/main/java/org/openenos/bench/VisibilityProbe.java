package org.openenos.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.protocol.MessageCodec;
import org.openenos.sdk.DeviceClient;
import org.openenos.simulator.EnosApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Publish → visible latency (ms). OpenEnOS: a marker value posted for one device until the {@code latest} API
 * returns it, polled every 10 ms. Mosquitto: a subscriber on that device's topic, from the {@code time} in the
 * payload to delivery.
 */
abstract class VisibilityProbe {
    protected final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(1), 2);
    protected volatile boolean running = true;
    private Thread thread;

    Histogram histogram() {
        return histogram;
    }

    void start() {
        thread = Thread.ofPlatform().name("probe").start(this::loop);
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(10_000);
        }
        close();
    }

    abstract void loop();

    void close() {
    }

    static VisibilityProbe latestApi(DeviceClient device, EnosApiClient api, String orgId, String assetId, int points) {
        return new VisibilityProbe() {
            @Override
            void loop() {
                long marker = 0;
                while (running) {
                    double value = -(++marker);
                    long start = System.currentTimeMillis();
                    device.postMeasurepoints(Map.of("p0", value));
                    while (running && System.currentTimeMillis() - start < 10_000) {
                        JsonNode items = api.post("/tsdb-service/v2.1/latest", Map.of("orgId", orgId),
                                Map.of("assetIds", assetId, "pointIds", "p0")).data().path("items");
                        if (!items.isEmpty() && items.get(0).path("value").asDouble() == value) {
                            histogram.recordValue(System.currentTimeMillis() - start);
                            break;
                        }
                        sleep(10);
                    }
                    sleep(200);
                }
            }
        };
    }

    static VisibilityProbe subscriber(String uri, OpenEnosFixture.BenchDevice device, int points, int qos) {
        MessageCodec codec = new MessageCodec();
        return new VisibilityProbe() {
            private MqttClient client;

            @Override
            void loop() {
                try {
                    client = new MqttClient(uri, "bench-probe", new MemoryPersistence());
                    MqttConnectOptions options = new MqttConnectOptions();
                    options.setCleanSession(true);
                    client.connect(options);
                    client.subscribe("/sys/" + device.productKey() + "/" + device.deviceKey() + "/#", qos,
                            (topic, message) -> {
                                Object params = codec.decodeRequest(message.getPayload()).params();
                                if (params instanceof Map<?, ?> map && map.get("time") instanceof Number time) {
                                    histogram.recordValue(Math.max(0, System.currentTimeMillis() - time.longValue()));
                                }
                            });
                } catch (MqttException e) {
                    throw new IllegalStateException("probe subscriber failed", e);
                }
                while (running) {
                    sleep(100);
                }
            }

            @Override
            void close() {
                try {
                    if (client != null) {
                        client.disconnect();
                        client.close();
                    }
                } catch (MqttException e) {
                    // the run is over
                }
            }
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
