package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Export definitions through {@code /batch-processing-service/v2.1}: saved, run for "yesterday" in Berlin over
 * stored history, the files listed, downloaded and mailed; another organization sees none of it.
 */
class ReportsApiTest extends ServerTestBase {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String BASE = "/batch-processing-service/v2.1/";

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    private static long berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant().toEpochMilli();
    }

    @Test
    void aSavedExportRunsForYesterdayInItsZoneIsDownloadableAndMailedAndInvisibleToAnotherOrganization()
            throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Tenant t = newTenant();
            Tenant other = newTenant();
            ingest.ingest(List.of(
                    value(t.orgId(), berlin("2026-11-04T23:59:59"), 1.0),
                    value(t.orgId(), berlin("2026-11-05T00:00:00"), 2.5),
                    value(t.orgId(), berlin("2026-11-05T18:00:00"), 3.5),
                    value(t.orgId(), berlin("2026-11-06T00:00:00"), 4.0),
                    value(other.orgId(), berlin("2026-11-05T12:00:00"), 99.0))).get();
            assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();

            var saved = t.app().post(BASE + "exports", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                    "name", "Daily meter",
                    "selection", Map.of("assetIds", List.of("rep_asset"), "pointIds", List.of("power")),
                    "values", "RAW", "period", "YESTERDAY", "timeZone", "Europe/Berlin",
                    "formats", List.of("CSV", "PDF"),
                    "report", Map.of("title", "Meter report", "chartAssetId", "rep_asset", "chartPointId", "power"),
                    "delivery", Map.of("emailTo", List.of("ops@example.com")),
                    "retentionDays", 7));
            assertThat(saved.ok()).as(saved.toString()).isTrue();
            String definitionId = saved.data().path("definitionId").asString();
            assertThat(t.app().post(BASE + "exports", Map.of("action", "list", "orgId", t.orgId()), null).data())
                    .hasSize(1);

            // 00:30 on 6 November in Berlin: "yesterday" is the 5th there, although it is still the 5th in UTC
            long runTime = berlin("2026-11-06T00:30:00");
            var run = t.app().post(BASE + "exports", Map.of("action", "run", "orgId", t.orgId(),
                    "definitionId", definitionId, "runTime", runTime), null);
            assertThat(run.ok()).as(run.toString()).isTrue();
            JsonNode r = run.data();
            assertThat(r.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(r.path("deliveryError").isNull()).as(r.toString()).isTrue();
            assertThat(r.path("startTime").asLong()).isEqualTo(berlin("2026-11-05T00:00:00"));
            assertThat(r.path("endTime").asLong()).isEqualTo(berlin("2026-11-06T00:00:00"));
            String runId = r.path("runId").asString();
            var listed = t.app().post(BASE + "exportRuns", Map.of("action", "list", "orgId", t.orgId(),
                    "definitionId", definitionId), null).data();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("files").findValuesAsString("fileName"))
                    .containsExactly("Daily-meter_2026-11-05.csv", "Daily-meter_2026-11-05.pdf");

            HttpResponse<byte[]> csv = download(t, t.orgId(), runId, "Daily-meter_2026-11-05.csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(new String(csv.body(), StandardCharsets.UTF_8)).isEqualTo("""
                    assetId,pointId,timestamp,localtime,value
                    rep_asset,power,%d,2026-11-05 00:00:00,2.5
                    rep_asset,power,%d,2026-11-05 18:00:00,3.5
                    """.formatted(berlin("2026-11-05T00:00:00"), berlin("2026-11-05T18:00:00")));
            HttpResponse<byte[]> pdf = download(t, t.orgId(), runId, "Daily-meter_2026-11-05.pdf");
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");

            assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("report mailed").isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("Meter report — 2026-11-05 00:00:00");
            Multipart parts = (Multipart) mail.getContent();
            assertThat(parts.getCount()).isEqualTo(3);
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(csv.body());

            // another organization: its own scope has nothing, and the first one's is refused
            assertThat(other.app().post(BASE + "exportRuns", Map.of("action", "list", "orgId", other.orgId()),
                    null).data()).isEmpty();
            assertThat(other.app().post(BASE + "exports", Map.of("action", "get", "orgId", other.orgId(),
                    "definitionId", definitionId), null).code()).isEqualTo(99404);
            HttpResponse<byte[]> foreign = download(other, other.orgId(), runId, "Daily-meter_2026-11-05.csv");
            assertThat(ApiClient.JSON.readTree(foreign.body()).path("code").asInt()).isEqualTo(99404);
            HttpResponse<byte[]> crossOrg = download(other, t.orgId(), runId, "Daily-meter_2026-11-05.csv");
            assertThat(ApiClient.JSON.readTree(crossOrg.body()).path("code").asInt()).isEqualTo(99403);

            assertThat(t.app().post(BASE + "exports", Map.of("action", "delete", "orgId", t.orgId(),
                    "definitionId", definitionId), null).ok()).isTrue();
            assertThat(t.app().post(BASE + "exports", Map.of("action", "list", "orgId", t.orgId()), null).data())
                    .isEmpty();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aDefinitionWithABadFieldIsRefusedWithAMessageNamingIt() {
        Tenant t = newTenant();
        var parquet = t.app().post(BASE + "exports", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "name", "x", "selection", Map.of("assetIds", List.of("a"), "pointIds", List.of("p")),
                "period", "YESTERDAY", "formats", List.of("AVRO")));
        assertThat(parquet.code()).isEqualTo(99400);
        assertThat(parquet.body().path("msg").asString()).contains("AVRO");
        var zone = t.app().post(BASE + "exports", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "name", "x", "selection", Map.of("assetIds", List.of("a"), "pointIds", List.of("p")),
                "period", "YESTERDAY", "timeZone", "Mars/Olympus", "formats", List.of("CSV")));
        assertThat(zone.body().path("msg").asString()).contains("timeZone");
    }

    private static MeasurePointValue value(String orgId, long time, double v) {
        return new MeasurePointValue(orgId, "m1", "rep_asset", "power", time, v, null);
    }

    private static HttpResponse<byte[]> download(Tenant caller, String orgId, String runId, String fileName)
            throws Exception {
        var request = caller.app().signedRequest(BASE + "exportRuns", Map.of("action", "download", "orgId", orgId,
                "runId", runId, "fileName", fileName), "", System.currentTimeMillis());
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
