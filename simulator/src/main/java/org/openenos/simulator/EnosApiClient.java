package org.openenos.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the EnOS-style REST API that signs in as an application with the documented token scheme (reference
 * §6.1): a token from {@code /apim-token-service/v2.0/token/get}, then {@code apim-accesstoken},
 * {@code apim-timestamp} and {@code apim-signature} headers on every call. The token is fetched again before it
 * expires.
 */
public final class EnosApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** An API answer: HTTP status and the {@code {code, msg, data}} envelope. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status == 200 && body.path("code").asInt(-1) == 0;
        }

        public JsonNode data() {
            return body.path("data");
        }

        /** The data, or an exception naming the call and the server's message. */
        public JsonNode orThrow(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + body);
            }
            return data();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String appKey;
    private final String appSecret;
    private volatile String token;
    private volatile long tokenExpiresAt;

    public EnosApiClient(String base, String appKey, String appSecret) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    public Response post(String path, Map<String, ?> params, Object body) {
        String raw = body == null ? "" : JSON.writeValueAsString(body);
        String accessToken = token();
        long timestamp = System.currentTimeMillis();
        StringBuilder data = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        String signature = sha256(accessToken + data + raw + timestamp + appSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("apim-accesstoken", accessToken)
                .header("apim-timestamp", Long.toString(timestamp))
                .header("apim-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(raw)).build();
        return send(request);
    }

    private synchronized String token() {
        if (token != null && System.currentTimeMillis() < tokenExpiresAt) {
            return token;
        }
        long timestamp = System.currentTimeMillis();
        String body = JSON.writeValueAsString(Map.of("appKey", appKey,
                "encryption", sha256(appKey + timestamp + appSecret), "timestamp", timestamp));
        Response response = send(HttpRequest.newBuilder(URI.create(base + "/apim-token-service/v2.0/token/get"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        JsonNode data = response.body().path("data");
        if (response.status() != 200 || data.path("accessToken").isMissingNode()) {
            throw new IllegalStateException("token request failed: HTTP " + response.status() + " " + response.body());
        }
        token = data.path("accessToken").asString();
        // renew a minute early so a call never carries a token that expires on the way
        tokenExpiresAt = System.currentTimeMillis() + Math.max(60, data.path("expire").asLong(7200) - 60) * 1000;
        return token;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode node = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("call to " + request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String query(Map<String, ?> params) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> sb.append(sb.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return sb.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
