package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A real server stopped in the middle of a workflow run and started again on the same data directory: the run
 * resumes per the workflow's policy (the finished task keeps its result, the cut task runs again), and a cron firing
 * that fell while the server was down runs once at start-up. The run is held in the middle by a lock on the
 * external table its second task reads, as a long transaction of another system would.
 */
class BatchRestartTest {
    private static final String FLOWS = "/batch-processing-service/v2.1/flows";
    private static final String INSTANCES = "/batch-processing-service/v2.1/flowInstances";
    private static final String PASSWORD = "Restart-Admin-1";
    private static final Duration FIRING_AHEAD = Duration.ofSeconds(20);

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(OpenEnosServer.class, "--server.port=0", "--openenos.data-dir=" + dataDir,
                "--openenos.admin-password=" + PASSWORD, "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0",
                "--openenos.pki.web-socket-port=0", "--management.server.port=0", "--openenos.batch.tick=1s",
                "--openenos.batch.heartbeat=2s", "--openenos.batch.zone=UTC", "--openenos.subscription.port=0");
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    private static Map<String, Object> sync(String name, String source, String target) {
        return Map.of("name", name, "type", "SYNC", "timeout", 600, "retryLimit", 0,
                "config", Map.of("source", source, "target", target));
    }

    @Test
    void aRunCutByARestartResumesPerItsPolicyAndAFiringMissedWhileDownRunsOnceAtStartUp() throws Exception {
        Path dir = Files.createTempDirectory("openenos-batch-restart");
        try (EmbeddedPostgres erp = EmbeddedPostgres.builder().start();
             Connection locker = erp.getPostgresDatabase().getConnection()) {
            locker.createStatement().execute("CREATE TABLE sites (asset_id TEXT, site TEXT); "
                    + "INSERT INTO sites VALUES ('a1', 'north'), ('a2', 'south')");
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE sites IN ACCESS EXCLUSIVE MODE");
            String orgId;
            String appKey;
            String appSecret;
            long runFlow;
            long instanceId;
            long cronFlow;
            Instant firing;
            try (var ctx = start(dir)) {
                ApiClient admin = ApiClient.user(base(ctx), "admin", PASSWORD);
                orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                        Map.of("name", "batch-restart")).data().path("orgId").asString();
                var app = admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                        Map.of("name", "batch"));
                appKey = app.data().path("appKey").asString();
                appSecret = app.data().path("appSecret").asString();
                ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
                var source = admin.post("/data-federation/v2.0/sources", Map.of("action", "register", "orgId", orgId),
                        Map.of("alias", "erp", "jdbcUrl", "jdbc:postgresql://localhost:" + erp.getPort()
                                + "/postgres", "user", "postgres", "password", "postgres", "readOnly", true));
                assertThat(source.ok()).as(source.toString()).isTrue();

                var saved = client.post(FLOWS, Map.of("action", "save", "orgId", orgId), Map.of(
                        "flowName", "sites per day", "onInterrupt", "RESUME",
                        "tasks", List.of(sync("first", "sql:SELECT '${cal_dt}' AS d", "csv:first-${cal_dt}.csv"),
                                sync("sites", "sql:SELECT count(*) AS n FROM erp.public.sites",
                                        "csv:sites-${cal_dt}.csv")),
                        "relations", List.of(Map.of("sourceTaskName", "first", "targetTaskName", "sites"))));
                assertThat(saved.ok()).as(saved.toString()).isTrue();
                runFlow = saved.data().path("flowId").asLong();
                assertThat(client.post(FLOWS, Map.of("action", "get", "orgId", orgId, "flowId", runFlow), null)
                        .data().path("onInterrupt").asString()).isEqualTo("RESUME");
                instanceId = client.post(FLOWS, Map.of("action", "trigger", "orgId", orgId), Map.of("flowId",
                        runFlow, "triggerTime", Instant.parse("2026-06-02T00:00:00Z").toEpochMilli()))
                        .data().path("flowInstanceId").asLong();

                JsonNode cut = Await.atMost(Duration.ofSeconds(60)).until("the second task waits on the lock",
                        () -> instance(client, orgId, instanceId), i -> task(i, "sites").path("status").asInt() == 2
                                && task(i, "first").path("status").asInt() == 1);
                assertThat(cut.path("status").asInt()).isEqualTo(2);
                // a cron firing far enough ahead to fall while the server is down: after two ticks and a stop,
                // which takes a second or two here even on a busy machine (every second of margin is waited out)
                firing = Instant.now().plus(FIRING_AHEAD).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                ZonedDateTime f = firing.atZone(ZoneOffset.UTC);
                String cron = f.getSecond() + " " + f.getMinute() + " " + f.getHour() + " " + f.getDayOfMonth() + " "
                        + f.getMonthValue() + " ? " + f.getYear();
                var scheduled = client.post(FLOWS, Map.of("action", "save", "orgId", orgId), Map.of(
                        "flowName", "daily list", "freq", cron, "active", true,
                        "tasks", List.of(sync("list", "sql:SELECT asset_id FROM assets", "csv:list-${cal_dt}.csv"))));
                assertThat(scheduled.ok()).as(scheduled.toString()).isTrue();
                cronFlow = scheduled.data().path("flowId").asLong();

                Thread.sleep(3000); // two scheduler ticks: the cron's next firing time is recorded
            }
            Instant stopped = Instant.now();
            assertThat(stopped).as("the server stopped before the firing, %s s after the cron was saved",
                    Duration.between(firing.minus(FIRING_AHEAD), stopped).toSeconds()).isBefore(firing);
            // the stopped server's query dies with its process; here the JVM lives on, so end its session
            locker.createStatement().execute("SELECT 1"); // the lock is still held
            try (Connection admin = erp.getPostgresDatabase().getConnection()) {
                admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), firing).toMillis() + 1000));

            try (var ctx = start(dir)) {
                ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
                JsonNode again = Await.atMost(Duration.ofSeconds(90)).until("the cut task runs again",
                        () -> instance(client, orgId, instanceId), i -> task(i, "sites").path("status").asInt() == 2
                                && task(i, "sites").path("message").isNull());
                assertThat(task(again, "first").path("attempts").asInt()).as("finished before: kept").isEqualTo(1);
                locker.commit(); // the other system's transaction ends
                JsonNode done = Await.atMost(Duration.ofSeconds(60)).until("the run finished",
                        () -> instance(client, orgId, instanceId), i -> i.path("status").asInt() == 1
                                || i.path("status").asInt() == -1);
                assertThat(done.path("status").asInt()).as(done.toString()).isEqualTo(1);
                assertThat(task(done, "first").path("attempts").asInt()).isEqualTo(1);
                long taskInstId = task(done, "sites").path("taskInstId").asLong();
                String log = client.post("/batch-processing-service/v2.1/taskInstances", Map.of("action", "getLog",
                        "orgId", orgId, "taskInstId", taskInstId), null).data().path("log").asString();
                assertThat(log).contains("interrupted by a server stop; run again (onInterrupt RESUME)")
                        .contains("wrote 1 rows to csv:sites-2026-06-01.csv");
                assertThat(Files.readAllLines(dir.resolve("batch/files").resolve(orgId)
                        .resolve("sites-2026-06-01.csv"))).containsExactly("n", "2");

                JsonNode caughtUp = Await.atMost(Duration.ofSeconds(60)).until("the missed firing ran",
                        () -> client.post(INSTANCES, Map.of("action", "search", "orgId", orgId),
                                Map.of("flowId", cronFlow)).data(), d -> d.size() == 1
                                && d.get(0).path("status").asInt() == 1);
                assertThat(caughtUp.get(0).path("triggerTime").asLong()).isEqualTo(firing.toEpochMilli());
                Thread.sleep(2000);
                assertThat(client.post(INSTANCES, Map.of("action", "search", "orgId", orgId),
                        Map.of("flowId", cronFlow)).data()).as("once").hasSize(1);
            }
        }
    }

    private static JsonNode instance(ApiClient client, String orgId, long instanceId) {
        return client.post(INSTANCES, Map.of("action", "get", "orgId", orgId, "flowInstId", instanceId), null).data();
    }

    private static JsonNode task(JsonNode instance, String name) {
        for (JsonNode t : instance.path("tasks")) {
            if (t.path("taskName").asString().equals(name)) {
                return t;
            }
        }
        return ApiClient.JSON.missingNode();
    }
}
