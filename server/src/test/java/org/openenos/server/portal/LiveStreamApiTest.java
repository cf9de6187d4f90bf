package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;

class LiveStreamApiTest extends ServerTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    TelemetryIngest ingest;

    private String token(String user, String password) {
        var r = org.openenos.server.ApiClient.anonymous(base()).post("/iam-service/v2.1/users",
                Map.of("action", "login"), Map.of("username", user, "password", password));
        return r.data().path("accessToken").asString();
    }

    private HttpResponse<java.io.InputStream> open(String orgId, String assetIds, String token) throws Exception {
        String url = base() + "/live-service/v2.1/measurepoints?orgId=" + orgId + "&assetIds=" + assetIds
                + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aStoredValueOfARequestedAssetReachesTheEventStreamAuthorizedByTheTokenParameter() throws Exception {
        Tenant t = newTenant();
        PortalFixture f = PortalFixture.create(t.orgId(), t.orgAdmin(), "adm", simpleModel("live_inv"));
        var response = open(t.orgId(), f.deviceAssetId(), token(adminUserOf(t), PortalFixture.PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = reader.readLine()) != null; ) {
                        if (line.startsWith("data:") && line.contains("\"pointId\":\"power\"")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The stream subscribes before it answers; keep ingesting until the value arrives.
            Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100)).lastOf(() -> {
                f.ingest(ingest, "power", System.currentTimeMillis(), 77.5);
                return seen.isDone();
            }, done -> done);
            assertThat(seen.get(10, TimeUnit.SECONDS)).contains(f.deviceAssetId()).contains("77.5");
        }
    }

    @Test
    void aStreamOfAnotherOrganizationIsRefusedAndABadTokenIsUnauthenticated() throws Exception {
        Tenant a = newTenant();
        Tenant b = newTenant();
        String tokenB = token(adminUserOf(b), PortalFixture.PASSWORD);
        var refused = open(a.orgId(), "someasset", tokenB);
        assertThat(refused.statusCode()).isEqualTo(403);
        refused.body().close();
        var anonymous = open(a.orgId(), "someasset", "not-a-token");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        anonymous.body().close();
    }

    @Test
    void theTokenParameterIsNotAcceptedOutsideTheLiveStream() throws Exception {
        Tenant t = newTenant();
        String token = token(adminUserOf(t), PortalFixture.PASSWORD);
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/asset-tree-service/v2.1/asset-trees?action=search"
                + "&orgId=" + t.orgId() + "&token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    /** newTenant names its org admin after the organization name; the profile tells the name. */
    static String adminUserOf(Tenant t) {
        return t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "me"), Map.of()).data().path("name")
                .asString();
    }
}
