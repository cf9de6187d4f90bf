package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sessions end when what they were granted on changes; sign-in throttling slows guessing without locking out. */
class SessionSecurityApiTest extends ServerTestBase {
    private static final String USERS = "/iam-service/v2.1/users";

    @Autowired
    private MeterRegistry meters;

    private ApiClient.Response signIn(String username, String password, String forwardedFor) {
        return ApiClient.execute(HttpRequest.newBuilder(URI.create(base() + USERS + "?action=login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(
                        Map.of("username", username, "password", password)))).build());
    }

    private String token(String username, String password) {
        var r = signIn(username, password, "198.51.100.200");
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().path("accessToken").asString();
    }

    private int me(String token) {
        return ApiClient.execute(HttpRequest.newBuilder(URI.create(base() + USERS + "?action=me"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build())
                .status();
    }

    private ApiClient.Response asUser(String token, Map<String, ?> params, Object body) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(v));
        return ApiClient.execute(HttpRequest.newBuilder(URI.create(base() + USERS + q))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body))).build());
    }

    private String createUser(Tenant t, String username, String password, String role) {
        var created = t.orgAdmin().post(USERS, Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", username, "password", password, "role", role));
        assertThat(created.ok()).as(created.toString()).isTrue();
        return created.data().path("userId").asString();
    }

    @Test
    void anAdministratorChangingAUsersPasswordEndsThatUsersSessions() {
        Tenant t = newTenant();
        String userId = createUser(t, "pw-" + t.orgId(), "Quiet-Harbor-0001", "OPERATOR");
        String first = token("pw-" + t.orgId(), "Quiet-Harbor-0001");
        String second = token("pw-" + t.orgId(), "Quiet-Harbor-0001");
        assertThat(me(first)).isEqualTo(200);
        var changed = t.orgAdmin().post(USERS, Map.of("action", "update", "orgId", t.orgId()),
                Map.of("userId", userId, "password", "Bright-Meadow-0002"));
        assertThat(changed.ok()).as(changed.toString()).isTrue();
        assertThat(me(first)).isEqualTo(401);
        assertThat(me(second)).isEqualTo(401);
        assertThat(me(token("pw-" + t.orgId(), "Bright-Meadow-0002"))).isEqualTo(200);
    }

    @Test
    void aUserChangingTheirOwnPasswordEndsEverySessionAndCarriesOnWithANewOne() {
        Tenant t = newTenant();
        createUser(t, "self-" + t.orgId(), "Quiet-Harbor-0003", "VIEWER");
        String other = token("self-" + t.orgId(), "Quiet-Harbor-0003");
        String current = token("self-" + t.orgId(), "Quiet-Harbor-0003");
        var wrong = asUser(current, Map.of("action", "changePassword"),
                Map.of("currentPassword", "not-my-password", "newPassword", "Bright-Meadow-0004"));
        assertThat(wrong.status()).isEqualTo(401);
        var changed = asUser(current, Map.of("action", "changePassword"),
                Map.of("currentPassword", "Quiet-Harbor-0003", "newPassword", "Bright-Meadow-0004"));
        assertThat(changed.ok()).as(changed.toString()).isTrue();
        assertThat(me(other)).isEqualTo(401);
        assertThat(me(current)).isEqualTo(401);
        assertThat(me(changed.data().path("accessToken").asString())).isEqualTo(200);
    }

    @Test
    void changingAUsersRoleEndsThatUsersSessions() {
        Tenant t = newTenant();
        String userId = createUser(t, "role-" + t.orgId(), "Quiet-Harbor-0005", "OPERATOR");
        String session = token("role-" + t.orgId(), "Quiet-Harbor-0005");
        t.orgAdmin().post(USERS, Map.of("action", "update", "orgId", t.orgId()),
                Map.of("userId", userId, "email", "new@example.com"));
        assertThat(me(session)).as("an e-mail change keeps sessions").isEqualTo(200);
        var demoted = t.orgAdmin().post(USERS, Map.of("action", "update", "orgId", t.orgId()),
                Map.of("userId", userId, "role", "VIEWER"));
        assertThat(demoted.ok()).as(demoted.toString()).isTrue();
        assertThat(me(session)).isEqualTo(401);
    }

    @Test
    void shortAndCommonPasswordsAreRefused() {
        Tenant t = newTenant();
        for (String weak : new String[] {"password", "12345678", "1234567890", "Password123", "qwertyuiop"}) {
            var r = t.orgAdmin().post(USERS, Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("username", "weak" + weak.length() + "-" + t.orgId(), "password", weak, "role", "VIEWER"));
            assertThat(r.status()).as(weak).isEqualTo(400);
            assertThat(r.code()).as(weak).isEqualTo(99400);
        }
    }

    @Test
    void wrongPasswordsFromOneClientDoNotLockTheUserOutForAnotherClient() {
        Tenant t = newTenant();
        String user = "target-" + t.orgId();
        createUser(t, user, "Quiet-Harbor-0006", "OPERATOR");
        int throttled = 0;
        for (int i = 0; i < 12; i++) {
            if (signIn(user, "wrong-guess-" + i, "203.0.113.66").status() == 429) {
                throttled++;
            }
        }
        assertThat(throttled).as("the guessing client is slowed down").isPositive();
        var r = signIn(user, "wrong-guess-x", "203.0.113.66");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body().path("msg").asString()).contains("try again in");
        assertThat(signIn(user, "Quiet-Harbor-0006", "198.51.100.23").ok())
                .as("the user signs in from elsewhere").isTrue();
        assertThat(meters.get("openenos.signin.throttled").functionCounter().count()).isPositive();
        assertThat(meters.get("openenos.signin.failures").functionCounter().count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void anApplicationRefreshesItsAccessTokenAndTheOldOneStopsWorking() {
        Tenant t = newTenant();
        var app = t.orgAdmin().post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "refreshing"));
        String key = app.data().path("appKey").asString();
        String secret = app.data().path("appSecret").asString();
        String old = tokenCall("get", key, secret, null).body().path("data").path("accessToken").asString();
        assertThat(signedCall(old, secret, t.orgId())).isEqualTo(200);

        var refreshed = tokenCall("refresh", key, secret, old);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.body().path("status").asInt()).isZero();
        assertThat(refreshed.body().path("business").asString()).isEqualTo("apim-token-service");
        assertThat(refreshed.body().path("data").path("expire").asLong()).isEqualTo(7200);
        String renewed = refreshed.body().path("data").path("accessToken").asString();
        assertThat(renewed).isNotEqualTo(old);
        assertThat(signedCall(renewed, secret, t.orgId())).isEqualTo(200);
        assertThat(signedCall(old, secret, t.orgId())).isEqualTo(401);

        assertThat(tokenCall("refresh", key, "wrong-secret", renewed).body().path("status").asInt()).isEqualTo(1003);
        assertThat(tokenCall("refresh", key, secret, old).body().path("status").asInt()).isEqualTo(1004);
    }

    private ApiClient.Response tokenCall(String action, String appKey, String secret, String accessToken) {
        long ts = System.currentTimeMillis() + (long) (Math.random() * 1000); // a fresh encryption per call
        Map<String, Object> body = new java.util.HashMap<>(Map.of("appKey", appKey, "timestamp", ts,
                "encryption", ApiClient.sha256(appKey + ts + secret)));
        if (accessToken != null) {
            body.put("accessToken", accessToken);
        }
        return ApiClient.anonymous(base()).post("/apim-token-service/v2.0/token/" + action, Map.of(), body);
    }

    private int signedCall(String token, String secret, String orgId) {
        long ts = System.currentTimeMillis() + (long) (Math.random() * 1000);
        String body = "{}";
        String signature = ApiClient.sha256(token + "action" + "search" + "orgId" + orgId + body + ts + secret);
        return ApiClient.execute(HttpRequest.newBuilder(URI.create(base()
                        + "/connect-service/v2.1/products?action=search&orgId=" + orgId))
                .header("Content-Type", "application/json").header("apim-accesstoken", token)
                .header("apim-timestamp", String.valueOf(ts)).header("apim-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status();
    }
}
