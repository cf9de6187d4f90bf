package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import tools.jackson.databind.JsonNode;

/** HTTP device access the way the EnOS HTTP SDK uses it: sign in, post as over MQTT, commands in headers. */
class HttpDeviceAccessTest extends ConnectivityTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDeviceSignsInOverHttpAndItsMeasurePointReachesTheLatestValues() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "http_post", false, 1).getFirst();
        String sessionId = login(d, d.deviceSecret()).path("data").path("sessionId").asString();
        assertThat(sessionId).isNotBlank();
        HttpResponse<String> posted = post(d.topic("thing/measurepoint/post") + "?sessionId=" + sessionId,
                request("9", "thing.measurepoint.post", "{\"measurepoints\":{\"power\":42.5}}"));
        JsonNode reply = ApiClient.JSON.readTree(posted.body());
        assertThat(reply.path("id").asString()).isEqualTo("9");
        assertThat(reply.path("code").asInt()).as(posted.body()).isEqualTo(200);
        JsonNode latest = Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                        Map.of("assetIds", d.assetId(), "pointIds", "power")).body(),
                        body -> body.toString().contains("42.5"));
        assertThat(latest.toString()).contains("42.5");
        var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", d.assetId()), null);
        assertThat(device.data().path("status").asString()).isEqualTo("online");
    }

    @Test
    void aCommandForAnHttpDeviceLeavesInTheHeadersOfItsNextResponse() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "http_cmd", false, 1).getFirst();
        String sessionId = login(d, d.deviceSecret()).path("data").path("sessionId").asString();
        var sent = t.app().post("/connect-service/v2.1/commands", Map.of("action", "invokeService", "orgId",
                t.orgId(), "assetId", d.assetId(), "serviceId", "flash"), Map.of("inputData", Map.of()));
        assertThat(sent.ok()).as(sent.toString()).isTrue();
        String commandId = sent.data().path("commandId").asString();
        HttpResponse<String> next = post(d.topic("thing/measurepoint/post") + "?sessionId=" + sessionId,
                request("10", "thing.measurepoint.post", "{\"measurepoints\":{\"temp\":20}}"));
        assertThat(next.headers().firstValue("topic")).contains(d.topic("thing/service/flash"));
        JsonNode command = ApiClient.JSON.readTree(next.headers().firstValue("command-payload").orElseThrow());
        assertThat(command.path("id").asString()).isEqualTo(commandId);
        post(d.topic("thing/service/flash_reply") + "?sessionId=" + sessionId,
                "{\"id\":\"" + commandId + "\",\"code\":200,\"data\":{}}");
        var got = t.app().post("/connect-service/v2.1/commands", Map.of("action", "get", "orgId", t.orgId(),
                "commandId", commandId), null);
        assertThat(got.data().path("state").asInt()).isEqualTo(5);
    }

    @Test
    void aWrongSignOrAMissingSessionIsRefused() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "http_bad", false, 1).getFirst();
        assertThat(login(d, "wrong-secret").path("code").asInt()).isEqualTo(742);
        HttpResponse<String> anonymous = post(d.topic("thing/measurepoint/post") + "?sessionId=nope",
                request("1", "thing.measurepoint.post", "{\"measurepoints\":{\"power\":1}}"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        DeviceInfo tls = devices(t, "http_tls", true, 1).getFirst();
        assertThat(login(tls, tls.deviceSecret()).path("code").asInt()).isEqualTo(746);
        String sessionId = login(d, d.deviceSecret()).path("data").path("sessionId").asString();
        HttpResponse<String> foreignTopic = post("/sys/" + tls.productKey() + "/" + tls.deviceKey()
                + "/thing/measurepoint/post?sessionId=" + sessionId, request("2", "thing.measurepoint.post",
                "{\"measurepoints\":{\"power\":1}}"));
        assertThat(ApiClient.JSON.readTree(foreignTopic.body()).path("code").asInt()).isEqualTo(1009);
        HttpResponse<String> garbage = post(d.topic("thing/measurepoint/post") + "?sessionId=" + sessionId, "{oops");
        assertThat(ApiClient.JSON.readTree(garbage.body()).path("code").asInt()).isEqualTo(1220);
    }

    private JsonNode login(DeviceInfo d, String secret) throws Exception {
        String sign = DeviceSigner.sign(Map.of("deviceKey", d.deviceKey(), "lifetime", "300000", "productKey",
                d.productKey(), "signMethod", "sha256"), secret, SignMethod.SHA256);
        String body = ApiClient.JSON.writeValueAsString(Map.of("signMethod", "sha256", "lifetime", 300000, "sign", sign,
                "clientInfo", Map.of("ipAddress", "127.0.0.1", "sdkVersion", "0.2.1"),
                "acceptCommandTypes", java.util.List.of("CMD_PENDING_INVOKE")));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/auth/" + d.productKey()
                        + "/" + d.deviceKey())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return ApiClient.JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String topicAndQuery, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/topic" + topicAndQuery))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
