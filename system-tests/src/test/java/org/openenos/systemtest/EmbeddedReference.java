package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * A packaged server on the defaults of one machine (its own log as the bus, the embedded time-series store, the
 * embedded PostgreSQL), given the same site and the same points as a cluster: what the cluster's queries must equal.
 * Query answers are compared with asset ids replaced by the device's index, as each server makes its own ids.
 */
final class EmbeddedReference implements AutoCloseable {
    private static final int BATCH = 500;
    private final PackagedServer server;

    private EmbeddedReference(PackagedServer server) {
        this.server = server;
    }

    /** Starts the server in the background: it comes up while the cluster does. */
    static CompletableFuture<EmbeddedReference> startAsync(Path dataDir) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new EmbeddedReference(new PackagedServer(dataDir).start());
            } catch (Exception e) {
                throw new IllegalStateException("the embedded reference server did not start", e);
            }
        });
    }

    /**
     * Makes a site like {@code like} (same model and device keys) and posts each device's points, time to (power,
     * temp), in time order as batch posts, each answered with success; returns once all of them are readable.
     */
    Site feed(Site like, Map<Integer, NavigableMap<Long, double[]>> points) throws Exception {
        Site site = Site.create(server.base(), "embedded-reference", like.devices().size());
        for (var device : points.entrySet()) {
            Site.Device d = site.devices().get(device.getKey());
            var items = new ArrayList<Map<String, Object>>();
            device.getValue().forEach((time, values) -> items.add(Map.of("time", time,
                    "measurepoints", Map.of("power", values[0], "temp", values[1]))));
            try (MqttTestDevice mqtt = d.connect(server.mqttPort())) {
                for (int from = 0; from < items.size(); from += BATCH) {
                    JsonNode reply = mqtt.request("thing/measurepoint/post/batch", "thing.measurepoint.post.batch",
                            items.subList(from, Math.min(items.size(), from + BATCH)), String.valueOf(from));
                    assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
                }
            }
        }
        var queries = site.on(server.base());
        for (var device : points.entrySet()) {
            var times = device.getValue().navigableKeySet();
            queries.awaitStored(site.devices().get(device.getKey()).assetId(), times.first(), times.last() + 1, times,
                    Duration.ofSeconds(60));
        }
        return site;
    }

    String base() {
        return server.base();
    }

    /** {@code items} of a query answer as sorted lines, each asset id of {@code site} replaced by its device. */
    static List<String> normalized(JsonNode items, Site site) {
        var lines = new ArrayList<String>();
        for (JsonNode item : items.isArray() ? items : List.of(items)) {
            String line = item.toString().replace(site.orgId(), "org");
            for (int d = 0; d < site.devices().size(); d++) {
                line = line.replace(site.devices().get(d).assetId(), "device-" + d);
            }
            lines.add(line);
        }
        lines.sort(null);
        return lines;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
