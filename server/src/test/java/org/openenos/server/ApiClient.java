package org.openenos.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client of the EnOS-style API, signing in as a user (bearer token) or as an application with the
 * documented apim token scheme. Tests use it the way a user's program would.
 */
public final class ApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Response(int status, JsonNode body) {
        public int code() {
            return body.path("code").asInt(-1);
        }

        public JsonNode data() {
            return body.path("data");
        }

        public boolean ok() {
            return status == 200 && code() == 0;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final String bearer;
    private final String appToken;
    private final String appSecret;

    private ApiClient(String base, String bearer, String appToken, String appSecret) {
        this.base = base;
        this.bearer = bearer;
        this.appToken = appToken;
        this.appSecret = appSecret;
    }

    public static ApiClient anonymous(String base) {
        return new ApiClient(base, null, null, null);
    }

    public static ApiClient user(String base, String username, String password) {
        Response r = anonymous(base).post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", username, "password", password));
        if (!r.ok()) {
            throw new IllegalStateException("login failed: " + r);
        }
        return new ApiClient(base, r.data().path("accessToken").asString(), null, null);
    }

    /** A client with a bearer token obtained elsewhere (a single sign-on, an EnOS IAM session). */
    public static ApiClient bearer(String base, String token) {
        return new ApiClient(base, token, null, null);
    }

    public static ApiClient app(String base, String appKey, String appSecret) {
        String ts = String.valueOf(System.currentTimeMillis());
        Response r = anonymous(base).post("/apim-token-service/v2.0/token/get", Map.of(),
                Map.of("appKey", appKey, "encryption", sha256(appKey + ts + appSecret), "timestamp", Long.parseLong(ts)));
        if (r.status() != 200) {
            throw new IllegalStateException("token failed: " + r);
        }
        return new ApiClient(base, null, r.body().path("data").path("accessToken").asString(), appSecret);
    }

    public String base() {
        return base;
    }

    public Response post(String path, Map<String, ?> params, Object body) {
        return send(path, params, body == null ? "" : JSON.writeValueAsString(body), System.currentTimeMillis());
    }

    public Response postRaw(String path, Map<String, ?> params, String rawBody) {
        return send(path, params, rawBody, System.currentTimeMillis());
    }

    /** Sends with an explicit signing timestamp, for tests of replayed and stale requests. */
    public Response send(String path, Map<String, ?> params, String rawBody, long timestamp) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rawBody));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (appToken != null) {
            b.header("apim-accesstoken", appToken)
                    .header("apim-timestamp", String.valueOf(timestamp))
                    .header("apim-signature", signature(params, rawBody, timestamp));
        }
        return execute(b.build());
    }

    /**
     * A multipart/form-data POST of text parts and one file part: as EnOS documents, an application signs it over
     * the query parameters only (an empty body in the signature).
     */
    public Response upload(String path, Map<String, ?> params, Map<String, String> textParts, String filePart,
                           byte[] file) {
        String boundary = "----openenos" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        textParts.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; "
                + "name=\"" + name + "\"\r\nContent-Type: application/json\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + filePart
                + "\"; filename=\"firmware.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long timestamp = System.currentTimeMillis();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (appToken != null) {
            b.header("apim-accesstoken", appToken)
                    .header("apim-timestamp", String.valueOf(timestamp))
                    .header("apim-signature", signature(params, "", timestamp));
        }
        return execute(b.build());
    }

    /** A multipart/form-data POST of text parts only (EnOS: signed over the query parameters only). */
    public Response multipart(String path, Map<String, ?> params, Map<String, String> textParts) {
        String boundary = "----openenos" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        textParts.forEach((name, value) -> body.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\nContent-Type: application/json\r\n\r\n").append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        long timestamp = System.currentTimeMillis();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (appToken != null) {
            b.header("apim-accesstoken", appToken)
                    .header("apim-timestamp", String.valueOf(timestamp))
                    .header("apim-signature", signature(params, "", timestamp));
        }
        return execute(b.build());
    }

    /** Any method; the answer as text (a download is not JSON), for sweeps over the API document. */
    public HttpResponse<String> exchange(String method, String path, Map<String, ?> params, String rawBody) {
        return exchange(method, path, params, rawBody, "application/json");
    }

    /** As above with a content type; a multipart body is signed over the query parameters only (as EnOS does). */
    public HttpResponse<String> exchange(String method, String path, Map<String, ?> params, String rawBody,
                                         String contentType) {
        long timestamp = System.currentTimeMillis();
        String signedBody = contentType.startsWith("multipart/") ? "" : rawBody;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .header("Content-Type", contentType)
                .timeout(java.time.Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofString(rawBody));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (appToken != null) {
            b.header("apim-accesstoken", appToken)
                    .header("apim-timestamp", String.valueOf(timestamp))
                    .header("apim-signature", signature(params, signedBody, timestamp));
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest signedRequest(String path, Map<String, ?> params, String rawBody, long timestamp) {
        return HttpRequest.newBuilder(URI.create(base + path + query(params)))
                .header("Content-Type", "application/json")
                .header("apim-accesstoken", appToken)
                .header("apim-timestamp", String.valueOf(timestamp))
                .header("apim-signature", signature(params, rawBody, timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(rawBody)).build();
    }

    public static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> resp = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode node = resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
            return new Response(resp.statusCode(), node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String signature(Map<String, ?> params, String rawBody, long timestamp) {
        StringBuilder data = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        return sha256(appToken + data + rawBody + timestamp + appSecret);
    }

    private static String query(Map<String, ?> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        new LinkedHashMap<>(params).forEach((k, v) -> sb.append(sb.length() > 1 ? "&" : "").append(k).append('=')
                .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return sb.toString();
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
