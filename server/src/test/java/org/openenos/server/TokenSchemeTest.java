package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented apim token scheme (reference §6.1.1) with good and bad signatures, replays and stale timestamps. */
class TokenSchemeTest extends ServerTestBase {

    private Map<String, Object> createApp(Tenant t) {
        var app = t.orgAdmin().post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "signer"));
        return Map.of("appKey", app.data().path("appKey").asString(), "appSecret",
                app.data().path("appSecret").asString());
    }

    @Test
    void aCorrectlySignedCallIsAcceptedAndATamperedOneRefused() {
        Tenant t = newTenant();
        var good = t.app().post("/connect-service/v2.1/products", Map.of("action", "search", "orgId", t.orgId()),
                Map.of());
        assertThat(good.ok()).as(good.toString()).isTrue();
        long ts = System.currentTimeMillis();
        var request = t.app().signedRequest("/connect-service/v2.1/products",
                Map.of("action", "search", "orgId", t.orgId()), "{}", ts);
        var tampered = java.net.http.HttpRequest.newBuilder(request.uri())
                .header("Content-Type", "application/json")
                .header("apim-accesstoken", request.headers().firstValue("apim-accesstoken").orElseThrow())
                .header("apim-timestamp", String.valueOf(ts))
                .header("apim-signature", request.headers().firstValue("apim-signature").orElseThrow())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"modelId\":\"x\"}")).build();
        var r = ApiClient.execute(tampered);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("msg").asString()).contains("signature");
    }

    @Test
    void aReplayedRequestIsRefused() {
        Tenant t = newTenant();
        var request = t.app().signedRequest("/connect-service/v2.1/products",
                Map.of("action", "search", "orgId", t.orgId()), "{}", System.currentTimeMillis());
        assertThat(ApiClient.execute(request).ok()).isTrue();
        var replay = ApiClient.execute(request);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body().path("msg").asString()).contains("replay");
    }

    @Test
    void aStaleTimestampIsRefused() {
        Tenant t = newTenant();
        var r = t.app().send("/connect-service/v2.1/products", Map.of("action", "search", "orgId", t.orgId()), "{}",
                System.currentTimeMillis() - 3_600_000);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("msg").asString()).contains("timestamp");
    }

    @Test
    void tokenRequestsWithUnknownKeysBadEncryptionOrReusedEncryptionGetTheirCodes() {
        Tenant t = newTenant();
        Map<String, Object> app = createApp(t);
        ApiClient anon = ApiClient.anonymous(base());
        long ts = System.currentTimeMillis();
        var unknown = anon.post("/apim-token-service/v2.0/token/get", Map.of(),
                Map.of("appKey", "nope", "encryption", "00", "timestamp", ts));
        assertThat(unknown.body().path("status").asInt()).isEqualTo(1002);
        var bad = anon.post("/apim-token-service/v2.0/token/get", Map.of(),
                Map.of("appKey", app.get("appKey"), "encryption", "00", "timestamp", ts));
        assertThat(bad.body().path("status").asInt()).isEqualTo(1003);
        String enc = ApiClient.sha256(app.get("appKey").toString() + ts + app.get("appSecret"));
        var once = anon.post("/apim-token-service/v2.0/token/get", Map.of(),
                Map.of("appKey", app.get("appKey"), "encryption", enc, "timestamp", ts));
        assertThat(once.body().path("status").asInt()).isZero();
        assertThat(once.body().path("data").path("expire").asInt()).isEqualTo(7200);
        var twice = anon.post("/apim-token-service/v2.0/token/get", Map.of(),
                Map.of("appKey", app.get("appKey"), "encryption", enc, "timestamp", ts));
        assertThat(twice.body().path("status").asInt()).isEqualTo(1001);
    }
}
