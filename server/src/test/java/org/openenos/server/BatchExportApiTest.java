package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A workflow with an SQL task and an EXPORT task after it, triggered once over HTTP on the real server: the SQL
 * task writes the business day's average as a measure point, the export covers "yesterday" relative to the run
 * (its {@code ${cal_dt}}), sees that point, lists its files in the task log, and the CSV downloads exactly; the
 * same export carried inline by a task gives the same file.
 */
class BatchExportApiTest extends ServerTestBase {
    private static final String BASE = "/batch-processing-service/v2.1/";
    private static final Pattern RUN_ID = Pattern.compile("ran as (\\S+)");

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    private static long utc(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    @Test
    void anExportTaskAfterAnSqlTaskExportsTheBusinessDayWithTheSqlResultsAndMailsIt() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Tenant t = newTenant();
            ApiFixtures fx = new ApiFixtures(fixturesApi(t.app()), t.orgId());
            fx.createTurbineModel("turbine");
            var product = fx.createProduct("turbine", "Device", false);
            String assetId = fx.createDevice(product.productKey(), "wt-exp").assetId();
            ingest.ingest(List.of(
                    value(t.orgId(), assetId, "power", utc("2026-04-30T23:00:00Z"), 99.0),
                    value(t.orgId(), assetId, "power", utc("2026-05-01T06:00:00Z"), 10.0),
                    value(t.orgId(), assetId, "power", utc("2026-05-01T18:00:00Z"), 20.0),
                    value(t.orgId(), assetId, "power", utc("2026-05-02T00:00:00Z"), 99.0))).get();
            assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();

            var export = t.app().post(BASE + "exports", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                    "name", "Daily power",
                    "selection", Map.of("assetIds", List.of(assetId), "pointIds", List.of("power", "temp")),
                    "values", "RAW", "period", "YESTERDAY", "timeZone", "UTC", "formats", List.of("CSV"),
                    "delivery", Map.of("emailTo", List.of("ops@example.com")), "retentionDays", 7));
            assertThat(export.ok()).as(export.toString()).isTrue();
            String definitionId = export.data().path("definitionId").asString();

            var missing = t.app().post(BASE + "flows", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                    "flowName", "no definition", "tasks", List.of(Map.of("name", "export", "type", "EXPORT",
                            "config", Map.of(), "timeout", 60))));
            assertThat(missing.body().path("msg").asString()).contains("definitionId");

            // the model's temp point stands in for a KPI point: the average power of the business day
            var saved = t.app().post(BASE + "flows", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                    "flowName", "daily power report", "freq", "0 0 1 * * ? *", "cycle", "D",
                    "tasks", List.of(
                            Map.of("name", "kpi", "type", "SQL", "config", Map.of("sql", """
                                    SELECT asset_id, 'temp' AS point_id, TIMESTAMP '${cal_dt} 12:00:00' AS ts,
                                           AVG(num_value) AS `value`
                                    FROM history WHERE point_id = 'power' GROUP BY asset_id"""),
                                    "timeout", 120, "retryLimit", 0, "retryInterval", 1),
                            Map.of("name", "report", "type", "EXPORT", "config", Map.of("definitionId", definitionId),
                                    "timeout", 120, "retryLimit", 0, "retryInterval", 1),
                            Map.of("name", "inline", "type", "EXPORT", "config", Map.of("name", "Daily power",
                                    "assetIds", assetId, "pointIds", "power,temp", "period", "YESTERDAY",
                                    "timeZone", "UTC", "formats", "CSV"),
                                    "timeout", 120, "retryLimit", 0, "retryInterval", 1)),
                    "relations", List.of(Map.of("sourceTaskName", "kpi", "targetTaskName", "report"),
                            Map.of("sourceTaskName", "kpi", "targetTaskName", "inline"))));
            assertThat(saved.ok()).as(saved.toString()).isTrue();
            long flowId = saved.data().path("flowId").asLong();

            var triggered = t.app().post(BASE + "flows", Map.of("action", "trigger", "orgId", t.orgId()),
                    Map.of("flowId", flowId, "triggerTime", utc("2026-05-02T01:00:00Z")));
            long instanceId = triggered.data().path("flowInstanceId").asLong();
            JsonNode done = Await.atMost(Duration.ofSeconds(120)).until("the run finished",
                    () -> t.app().post(BASE + "flowInstances", Map.of("action", "get", "orgId", t.orgId(),
                            "flowInstId", instanceId), null).data(),
                    d -> !List.of(0, 2, 5, 6, 9).contains(d.path("status").asInt()));
            assertThat(done.path("status").asInt()).as(done.toString()).isEqualTo(1);
            assertThat(done.path("calDt").asString()).isEqualTo("2026-05-01");

            String runId = runIdInLog(t, done, "report");

            HttpResponse<byte[]> csv = download(t, runId, "Daily-power_2026-05-01.csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(new String(csv.body(), StandardCharsets.UTF_8)).isEqualTo("""
                    assetId,pointId,timestamp,localtime,value
                    %1$s,power,%2$d,2026-05-01 06:00:00,10.0
                    %1$s,power,%3$d,2026-05-01 18:00:00,20.0
                    %1$s,temp,%4$d,2026-05-01 12:00:00,15.0
                    """.formatted(assetId, utc("2026-05-01T06:00:00Z"), utc("2026-05-01T18:00:00Z"),
                    utc("2026-05-01T12:00:00Z")));

            // the same export carried inline by the task instead of a saved definition
            HttpResponse<byte[]> inline = download(t, runIdInLog(t, done, "inline"), "Daily-power_2026-05-01.csv");
            assertThat(inline.body()).isEqualTo(csv.body());

            assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("report mailed").isTrue();
            Multipart parts = (Multipart) smtp.getReceivedMessages()[0].getContent();
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(csv.body());
        } finally {
            smtp.stop();
        }
    }

    private static String runIdInLog(Tenant t, JsonNode instance, String taskName) {
        long taskInstId = 0;
        for (JsonNode task : instance.path("tasks")) {
            if (task.path("taskName").asString().equals(taskName)) {
                taskInstId = task.path("taskInstId").asLong();
            }
        }
        String log = t.app().post(BASE + "taskInstances", Map.of("action", "getLog", "orgId", t.orgId(),
                "taskInstId", taskInstId), null).data().path("log").asString();
        assertThat(log).contains("file Daily-power_2026-05-01.csv (");
        Matcher m = RUN_ID.matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return m.group(1);
    }

    private static MeasurePointValue value(String orgId, String assetId, String point, long time, double v) {
        return new MeasurePointValue(orgId, "turbine", assetId, point, time, v, null);
    }

    private static HttpResponse<byte[]> download(Tenant caller, String runId, String fileName) throws Exception {
        var request = caller.app().signedRequest(BASE + "exportRuns", Map.of("action", "download",
                "orgId", caller.orgId(), "runId", runId, "fileName", fileName), "", System.currentTimeMillis());
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
