package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Requests a client gets wrong answer 4xx in the EnOS envelope, never 500. */
class BadInputApiTest extends ServerTestBase {

    private String token() {
        var r = ApiClient.anonymous(base()).post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", "admin", "password", ADMIN_PASSWORD));
        return r.data().path("accessToken").asString();
    }

    private ApiClient.Response post(String pathAndQuery, String contentType, String body) {
        return ApiClient.execute(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void anXmlBodyIsRefusedWith415AndTheEnvelope() {
        var r = post("/iam-service/v2.1/organizations?action=create", "application/xml", "<x/>");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.code()).isEqualTo(99400);
        assertThat(r.body().path("msg").asString()).contains("application/xml").contains("application/json");
    }

    @Test
    void aFormBodyIsRefusedWith415() {
        var r = post("/connect-service/v2.1/devices?action=create&orgId=o1", "application/x-www-form-urlencoded",
                "a=b");
        assertThat(r.status()).isEqualTo(415);
    }

    @Test
    void aNulCharacterInANameIsRefusedWith400AndNothingIsCreated() {
        String name = "nul-" + UUID.randomUUID().toString().substring(0, 6);
        var r = post("/iam-service/v2.1/organizations?action=create", "application/json",
                "{\"name\":\"" + name + "\\u0000x\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(99400);
        assertThat(r.body().path("msg").asString()).contains("NUL");
        var list = admin().post("/iam-service/v2.1/organizations", Map.of("action", "search"), Map.of());
        assertThat(list.body().toString()).doesNotContain(name);
    }

    @Test
    void aNulCharacterInAFreeFormValueIsRefusedWith400() {
        Tenant t = newTenant();
        var r = t.orgAdmin().postRaw("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), "{\"thingModel\":{\"modelId\":\"m\\u0000\",\"name\":{\"defaultValue\":\"x\\u0000\"},"
                + "\"desc\":{\"any\":\"y\\u0000\"}}}");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedWith400() {
        var r = post("/connect-service/v2.1/devices?action=get&orgId=o%00rg", "application/json", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(99400);
    }
}
