package org.openenos.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.SubscriptionListener;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.springframework.boot.SpringApplication;

/**
 * Device post → subscription delivery, run by hand (see docs/benchmarks.md): the whole server in this JVM, devices
 * posting QoS 1 measure points over MQTT at a steady rate, one EnOS-protocol consumer over TCP. Each point's value
 * is its send time, so latency is from the device's publish to the consumer's receipt. Arguments: devices, posts per
 * second in total, seconds, consumer groups (each one consumer, all reading at once; default 1), then any server
 * settings as {@code --name=value} (e.g. {@code --openenos.cluster.enabled=true} for the shared log of ADR 0082).
 */
public final class SubscriptionLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        var dataDir = Files.createTempDirectory("openenos-sub-latency");
        var settings = new ArrayList<>(List.of("--server.port=0", "--openenos.data-dir=" + dataDir,
                "--openenos.admin-password=Latency-Admin-1", "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0",
                "--openenos.pki.web-socket-port=0", "--openenos.subscription.port=0", "--management.server.port=0",
                "--openenos.mqtt.limits.messages-per-device-per-second=100000"));
        settings.addAll(List.of(args).subList(Math.min(4, args.length), args.length));
        try (var ctx = SpringApplication.run(OpenEnosServer.class, settings.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
            ApiClient admin = ApiClient.user(base, "admin", "Latency-Admin-1");
            String orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                    Map.of("name", "latency")).data().path("orgId").asString();
            admin.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    ServerTestBase.simpleModel("lat_inv"));
            String pk = admin.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "p"), "modelId", "lat_inv")).data().asString();
            var sub = admin.post("/subscription-service/v2.1/subscriptions", Map.of("action", "create", "orgId",
                    orgId), Map.of("subType", 0)).data();
            int mqttPort = ctx.getBean(MqttGateway.class).port();
            var clients = new ArrayList<MqttClient>();
            var handles = new ArrayList<AlertingApiTest.Device>();
            for (int i = 0; i < devices; i++) {
                var dev = admin.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                        Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "d" + i))).data();
                var d = new AlertingApiTest.Device(pk, dev.path("deviceKey").asString(),
                        dev.path("deviceSecret").asString(), dev.path("assetId").asString());
                handles.add(d);
                clients.add(AlertingApiTest.connect(mqttPort, d));
            }
            long expected = (long) rate * seconds;
            var histograms = new ArrayList<Histogram>();
            var consumers = new ArrayList<Thread>();
            for (int g = 0; g < groups; g++) {
                var histogram = new Histogram(60_000, 3);
                histograms.add(histogram);
                String group = "latency-" + g;
                consumers.add(Thread.ofPlatform().start(() -> consume(ctx.getBean(SubscriptionListener.class).port(),
                        sub.path("subId").asString(), sub.path("accessKey").asString(),
                        sub.path("accessSecret").asString(), group, expected, histogram)));
            }
            Thread.sleep(1000);
            var posters = new ArrayList<Thread>();
            for (int i = 0; i < devices; i++) {
                MqttClient c = clients.get(i);
                AlertingApiTest.Device d = handles.get(i);
                long perDevice = expected / devices;
                long intervalNanos = 1_000_000_000L * devices / rate;
                posters.add(Thread.ofPlatform().start(() -> post(c, d, perDevice, intervalNanos)));
            }
            for (Thread t : posters) {
                t.join();
            }
            for (Thread consumer : consumers) {
                consumer.join(60_000);
            }
            var histogram = new Histogram(60_000, 3);
            histograms.forEach(histogram::add);
            System.out.printf("%d devices, %d posts/s for %d s (QoS 1, one point each), %d groups: %d delivered; "
                            + "device post → delivery ms p50 %d, p90 %d, p99 %d, max %d%n", devices, rate, seconds,
                    groups,
                    histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                    histogram.getValueAtPercentile(99), histogram.getMaxValue());
            for (MqttClient c : clients) {
                c.disconnect();
                c.close();
            }
        }
        System.exit(0);
    }

    private static void post(MqttClient c, AlertingApiTest.Device d, long count, long intervalNanos) {
        long start = System.nanoTime();
        try {
            for (long i = 0; i < count; i++) {
                long due = start + i * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.sleep(0, 200_000);
                }
                String json = "{\"id\":\"" + i + "\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\","
                        + "\"params\":{\"measurepoints\":{\"temp\":" + System.currentTimeMillis() + "}}}";
                c.publish("/sys/" + d.productKey() + "/" + d.deviceKey() + "/thing/measurepoint/post",
                        json.getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static void consume(int port, String subId, String accessKey, String secret, String group,
                                long expected, Histogram histogram) {
        try (var client = EnosSubscriptionClient.tcp(port)) {
            client.auth(accessKey, secret, subId, 0);
            client.subscribe(0, subId, accessKey, group);
            long count = 0;
            int idle = 0;
            while (count < expected && idle < 20) {
                List<EnosSubscriptionClient.Message> messages = client.pull().messages();
                idle = messages.isEmpty() && count > 0 ? idle + 1 : 0;
                long now = System.currentTimeMillis();
                for (var m : messages) {
                    String v = m.value();
                    int at = v.indexOf("temp\\\":") + 7;
                    int end = at;
                    while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.'
                            || v.charAt(end) == 'E')) {
                        end++;
                    }
                    long sent = (long) Double.parseDouble(v.substring(at, end));
                    histogram.recordValue(Math.min(59_999, Math.max(0, now - sent)));
                }
                count += messages.size();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
