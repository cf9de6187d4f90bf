package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;

/** The CSV export: every value of the range as a CSV line, another organization's values never included. */
class TsdbExportApiTest extends ServerTestBase {
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void theExportStreamsEveryValueOfTheRangeAsCsvLinesOfTheCallersOrganizationOnly() throws Exception {
        Tenant t = newTenant();
        Tenant other = newTenant();
        ingest.ingest(List.of(
                value(t.orgId(), "temp", T0, 21.5, 192),
                value(t.orgId(), "temp", T0 + 10_000, 22.0, null),
                value(t.orgId(), "temp", T0 + 20_000, 22.5, null),
                value(t.orgId(), "label", T0 + 10_000, "pump \"A\", left", null),
                value(other.orgId(), "temp", T0 + 10_000, 99.0, null))).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();

        HttpResponse<String> csv = export(t, t.orgId(), Map.of("assetIds", "exp_asset", "pointIds", "temp,label",
                "startTime", "2024-05-01T00:00:00Z", "endTime", "2024-05-01T00:00:10Z"));

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment").contains("filename=").contains(".csv");
        assertThat(csv.body().lines().toList()).containsExactly(
                "assetId,pointId,timestamp,localtime,value,quality",
                "exp_asset,temp," + T0 + ",2024-05-01 00:00:00,21.5,192",
                "exp_asset,temp," + (T0 + 10_000) + ",2024-05-01 00:00:10,22.0,",
                "exp_asset,label," + (T0 + 10_000) + ",2024-05-01 00:00:10,\"pump \"\"A\"\", left\",");
    }

    @Test
    void anotherOrganizationAndABadRequestGetAnErrorEnvelopeInsteadOfAFile() throws Exception {
        Tenant t = newTenant();
        Tenant other = newTenant();
        var body = Map.of("assetIds", "exp_asset", "pointIds", "temp",
                "startTime", "2024-05-01T00:00:00Z", "endTime", "2024-05-01T00:00:10Z");

        HttpResponse<String> foreign = export(other, t.orgId(), body);
        assertThat(foreign.headers().firstValue("Content-Type").orElse("")).doesNotStartWith("text/csv");
        assertThat(ApiClient.JSON.readTree(foreign.body()).path("code").asInt()).isEqualTo(99403);

        HttpResponse<String> noPoints = export(t, t.orgId(), Map.of("assetIds", "exp_asset",
                "startTime", "2024-05-01T00:00:00Z", "endTime", "2024-05-01T00:00:10Z"));
        assertThat(ApiClient.JSON.readTree(noPoints.body()).path("code").asInt()).isEqualTo(80400);
    }

    private static MeasurePointValue value(String orgId, String point, long time, Object v, Integer quality) {
        return new MeasurePointValue(orgId, "m1", "exp_asset", point, time, v, quality);
    }

    private static HttpResponse<String> export(Tenant caller, String orgId, Map<String, ?> body) throws Exception {
        String raw = ApiClient.JSON.writeValueAsString(body);
        var request = caller.app().signedRequest("/tsdb-service/v2.1/export", Map.of("orgId", orgId), raw,
                System.currentTimeMillis());
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
