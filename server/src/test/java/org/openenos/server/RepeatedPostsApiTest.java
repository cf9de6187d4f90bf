package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;

/** A device posting a value again for the same time replaces the stored value: one value per (asset, point, time). */
class RepeatedPostsApiTest extends ServerTestBase {
    @Autowired
    TimeSeriesModule timeSeries;
    @Autowired
    MqttGateway gateway;

    @Test
    void aValuePostedAgainOverMqttForTheSameTimeIsStoredOnceWithTheLastValue() throws Exception {
        Tenant t = newTenant();
        TsdbSite site = TsdbSite.create(t, "repeat-" + UUID.randomUUID().toString().substring(0, 8));
        long t0 = (System.currentTimeMillis() - 3_600_000) / 60_000 * 60_000;
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), site.productKey(), site.deviceKey(),
                site.deviceSecret())) {
            post(device, "post", Map.of("temp", 10.0), t0, "1");
            post(device, "post", Map.of("temp", 11.0), t0 + 1000, "2");
            // An edge re-sending after a lost reply, twice, the second time with a corrected value.
            post(device, "post", Map.of("temp", 10.0), t0, "3");
            post(device, "post", Map.of("temp", 12.0), t0, "4");
            // The same value again as resumed data after a reconnect.
            post(device, "resume", Map.of("temp", 11.0), t0 + 1000, "5");
        }
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
        String from = Instant.ofEpochMilli(t0 - 60_000).toString(), to = Instant.ofEpochMilli(t0 + 60_000).toString();

        var raw = site.post("raw", Map.of("assetIds", site.assetId(), "pointIds", "temp", "startTime", from,
                "endTime", to));
        assertThat(raw.code()).as(raw.toString()).isZero();
        assertThat(raw.data().path("items")).extracting(i -> i.path("timestamp").asLong(), i -> i.path("temp").asDouble())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(t0, 12.0),
                        org.assertj.core.groups.Tuple.tuple(t0 + 1000, 11.0));

        var minute = site.post("ai-normalized", Map.of("assetIds", site.assetId(),
                "pointIdsWithLogic", "count(temp),sum(temp)", "interval", 1, "itemFormat", 1,
                "startTime", from, "endTime", to));
        assertThat(minute.code()).as(minute.toString()).isZero();
        var counts = new ArrayList<Long>();
        var sums = new ArrayList<Double>();
        minute.data().path("items").forEach(i -> {
            if (i.path("count(temp)").asLong() > 0) {
                counts.add(i.path("count(temp)").asLong());
                sums.add(i.path("sum(temp)").asDouble());
            }
        });
        assertThat(counts).as(minute.toString()).containsExactly(2L);
        assertThat(sums).containsExactly(23.0);
    }

    private static void post(MqttTestDevice device, String kind, Map<String, Object> points, long time, String id)
            throws Exception {
        var reply = device.request("thing/measurepoint/" + kind, "thing.measurepoint." + kind,
                Map.of("measurepoints", points, "time", time), id);
        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
    }
}
