package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic fuzz test over the whole service API: every operation of the OpenAPI document (with each
 * {@code action} its controllers map, which the document merges) gets malformed bodies, bodies of its schema with
 * each field replaced by a wrong type or a boundary value, odd query parameters and wrong content types. No answer
 * may be a 5xx, nor an EnOS internal-error code in an HTTP 200 envelope (the TSDB service answers errors that way).
 */
class ApiFuzzTest extends ServerTestBase {
    private static final long SEED = 20_261_206L;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final Set<Integer> INTERNAL_CODES = Set.of(99500, 80500);
    private static final List<String> ODD_VALUES = List.of("", "x", "-1", "0", "2147483648", "9223372036854775808",
            "1e309", "NaN", "null", "true", "[]", "{}", "x".repeat(2000), "2026-13-45T25:61:61Z", "é✓𝄞",
            "' OR 1=1 --", "../../etc/passwd", "%", "a,b,,c", " ", "-9223372036854775809", "1.5");
    private static final List<String> MALFORMED = List.of("", "{", "}", "[", "null", "0", "\"text\"", "[]",
            "{\"a\":}", "{\"a\":1e999999}", "[".repeat(3000) + "]".repeat(3000), "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\u0000\"}", "{\"a\":" + "{\"b\":".repeat(1500) + "1" + "}".repeat(1501));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JsonNode docs;
    private String token;
    private String orgId;

    private record Case(String method, String path, Map<String, String> query, String contentType, String body) {
        @Override
        public String toString() {
            String b = body == null ? "" : body.length() > 120 ? body.substring(0, 120) + "…" : body;
            return method.toUpperCase() + " " + path + " " + query.keySet() + " " + contentType + " " + b;
        }
    }

    @Test
    void noOperationOfTheApiAnswersWithAServerErrorToMalformedOrBoundaryInput() throws Exception {
        var d = http.send(HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(d.statusCode()).isEqualTo(200);
        docs = ApiClient.JSON.readTree(d.body());
        token = ApiClient.anonymous(base()).post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", "admin", "password", ADMIN_PASSWORD)).data().path("accessToken").asString();
        orgId = newTenant().orgId();
        Map<String, Set<String>> actions = actionsByPathAndMethod();

        List<String> failures = new ArrayList<>();
        int requests = 0;
        int operations = 0;
        long started = System.nanoTime();
        for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey()) || path.getKey().startsWith("/live-service/")) {
                    continue; // the live stream is an endless event stream, exercised by its own tests
                }
                Set<String> opActions = actions.getOrDefault(op.getKey().toUpperCase() + " " + path.getKey(),
                        Set.of());
                for (String action : opActions.isEmpty() ? java.util.Collections.<String>singleton(null)
                        : opActions) {
                    operations++;
                    for (Case c : cases(path.getKey(), op.getKey(), op.getValue(), action)) {
                        requests++;
                        String failure = send(c);
                        if (failure != null) {
                            failures.add(failure);
                        }
                    }
                }
            }
        }
        System.out.printf("API fuzz: %d operations, %d requests in %d ms%n", operations, requests,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(operations).as("operations exercised").isGreaterThan(100);
        assertThat(failures).as("server errors").isEmpty();
    }

    /** The {@code action} values each path and method is mapped with (the OpenAPI document merges them). */
    private Map<String, Set<String>> actionsByPathAndMethod() {
        Map<String, Set<String>> actions = new TreeMap<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> paths = info.getPatternValues();
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.addAll(Set.of("GET", "POST"));
            }
            for (var expression : info.getParamsCondition().getExpressions()) {
                if (expression.getName().equals("action") && expression.getValue() != null
                        && !expression.isNegated()) {
                    for (String p : paths) {
                        for (String m : methods) {
                            actions.computeIfAbsent(m + " " + p, k -> new TreeSet<>()).add(expression.getValue());
                        }
                    }
                }
            }
        }
        return actions;
    }

    private List<Case> cases(String path, String method, JsonNode op, String action) {
        SplittableRandom random = new SplittableRandom(SEED ^ (method + path + action).hashCode());
        List<String> params = new ArrayList<>();
        List<String> pathVariables = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            String name = p.path("name").asString();
            if (p.path("in").asString().equals("path")) {
                pathVariables.add(name);
            } else if (p.path("in").asString().equals("query") && !name.equals("action")) {
                params.add(name);
            }
        }
        JsonNode schema = resolve(op.path("requestBody").path("content").path("application/json").path("schema"));
        boolean signIn = "login".equals(action);
        List<Case> cases = new ArrayList<>();
        // sign-in only gets bodies that cannot be read: a readable one would count against the address's
        // failed sign-ins and lock out the other tests running against this server
        List<String> bodies = new ArrayList<>(MALFORMED);
        if (!signIn) {
            JsonNode valid = sample(schema, random, 0);
            bodies.add(valid.toString());
            bodies.addAll(mutations(valid, random));
        } else {
            bodies.removeIf(b -> b.startsWith("{\"a\":\"") || b.equals("null") || b.equals("{}"));
        }
        for (String body : bodies) {
            cases.add(new Case(method, concrete(path, pathVariables, random), query(params, action, random, false),
                    "application/json", body));
        }
        if (!signIn) {
            for (int i = 0; i < 4; i++) {
                cases.add(new Case(method, concrete(path, pathVariables, random), query(params, action, random, true),
                        "application/json", sample(schema, random, 0).toString()));
            }
        }
        cases.add(new Case(method, concrete(path, pathVariables, random), query(params, action, random, false),
                "application/xml", "<a>1</a>"));
        cases.add(new Case(method, concrete(path, pathVariables, random), query(params, action, random, false),
                "text/plain", "{}"));
        cases.add(new Case(method, concrete(path, pathVariables, random), query(params, action, random, false),
                null, null));
        return cases;
    }

    private String concrete(String path, List<String> variables, SplittableRandom random) {
        String result = path;
        for (String v : variables) {
            String value = random.nextInt(3) == 0 ? ODD_VALUES.get(random.nextInt(ODD_VALUES.size())) : "x1";
            result = result.replace("{" + v + "}", value.isEmpty() ? "x" : URLEncoder.encode(value,
                    StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return result;
    }

    private Map<String, String> query(List<String> params, String action, SplittableRandom random, boolean odd) {
        Map<String, String> query = new LinkedHashMap<>();
        if (action != null) {
            query.put("action", action);
        }
        for (String p : params) {
            if (p.equals("orgId") && !odd) {
                query.put(p, orgId);
            } else if (odd || random.nextBoolean()) {
                query.put(p, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
            }
        }
        return query;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    /** A value of the schema, with random content of the right types. */
    private JsonNode sample(JsonNode schemaOrRef, SplittableRandom random, int depth) {
        JsonNode schema = resolve(schemaOrRef);
        var json = ApiClient.JSON;
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "");
        return switch (type) {
            case "object" -> {
                ObjectNode o = json.createObjectNode();
                if (depth < 4) {
                    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                        o.set(p.getKey(), sample(p.getValue(), random, depth + 1));
                    }
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = json.createArrayNode();
                if (depth < 4) {
                    a.add(sample(schema.path("items"), random, depth + 1));
                }
                yield a;
            }
            case "integer" -> json.getNodeFactory().numberNode(random.nextInt(-5, 100));
            case "number" -> json.getNodeFactory().numberNode(random.nextDouble() * 100);
            case "boolean" -> json.getNodeFactory().booleanNode(random.nextBoolean());
            case "string" -> json.getNodeFactory().stringNode(schema.has("enum")
                    ? schema.path("enum").get(random.nextInt(schema.path("enum").size())).asString()
                    : random.nextBoolean() ? "x" + random.nextInt(1000) : orgId);
            default -> json.getNodeFactory().stringNode("x");
        };
    }

    /** The valid sample with one top-level field at a time replaced by a wrong type or a boundary value. */
    private List<String> mutations(JsonNode valid, SplittableRandom random) {
        var f = ApiClient.JSON.getNodeFactory();
        List<JsonNode> replacements = List.of(f.nullNode(), f.stringNode(""), f.stringNode("x".repeat(20_000)),
                f.numberNode(-1), f.numberNode(Long.MAX_VALUE), f.numberNode(1e308), f.numberNode(-1e308),
                f.numberNode(new java.math.BigInteger("123456789012345678901234567890")), f.booleanNode(true),
                ApiClient.JSON.createObjectNode(), ApiClient.JSON.createArrayNode(),
                ApiClient.JSON.createArrayNode().add(f.nullNode()), f.stringNode("2026-02-30T25:00:00Z"),
                f.stringNode("𝄞\uFFFF"), f.stringNode("nul\u0000nul"));
        List<String> bodies = new ArrayList<>();
        if (!(valid instanceof ObjectNode object) || object.isEmpty()) {
            return bodies;
        }
        for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            for (int i = 0; i < 3; i++) {
                ObjectNode copy = object.deepCopy();
                copy.set(name, replacements.get(random.nextInt(replacements.size())));
                bodies.add(copy.toString());
            }
        }
        return bodies;
    }

    /** Sends one case; a description of the failure when the server answered with an error of its own. */
    private String send(Case c) {
        StringBuilder uri = new StringBuilder(base()).append(c.path());
        String sep = "?";
        for (Map.Entry<String, String> q : c.query().entrySet()) {
            uri.append(sep).append(q.getKey()).append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .method(c.method().toUpperCase(), body);
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                return r.statusCode() + " for " + c + " → " + r.body();
            }
            if (r.body().startsWith("{") && r.body().contains("\"code\"")) {
                int code = ApiClient.JSON.readTree(r.body()).path("code").asInt();
                if (INTERNAL_CODES.contains(code)) {
                    return "internal error code " + code + " for " + c + " → " + r.body();
                }
            }
            return null;
        } catch (Exception e) {
            return e + " for " + c;
        }
    }
}
