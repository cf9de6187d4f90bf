package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * The authorization matrix, generated from the running server's API document: every operation (each {@code action}
 * of each path and method) × the built-in roles, a custom role scoped to one site, and another organization's
 * administrator, each answer checked against what the test itself expects of the role. The expectations are written
 * here independently of the server's role definitions; the document only says which permission each operation
 * needs ({@code x-openenos-permission}). "Allowed" means the request got past authorization (it may still be a 400
 * or 404 for the made-up arguments, never a 5xx); "denied" is 99403.
 */
class ApiAuthorizationMatrixTest extends ServerTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final List<String> RESOURCES = List.of("models", "products", "devices", "assets", "timeseries",
            "commands", "alerts", "dashboards", "jobs", "subscriptions", "firmware", "users", "organization",
            "audit");
    private static final Set<String> ASSET_BOUND = Set.of("devices", "assets", "timeseries", "commands", "alerts");
    /** The bindings the sweep's requests fill in (with site B's device, and site A's for the inside check). */
    private static final Set<String> SENT_REFS = Set.of("query:assetId", "body:assetId", "body:assetIds");
    /** Sessions of the sweeping callers must survive the sweep. */
    private static final Set<String> SKIPPED_ACTIONS = Set.of("logout", "changePassword", "login");

    record Op(String method, String path, String action, String requirement, boolean multipart, String binding) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path + (action.equals("*") ? "" : "?action=" + action) + " ("
                    + requirement + ")";
        }
    }

    /** A caller and what the test expects it to be allowed. */
    record Caller(String name, ApiClient client, Predicate<String> holds, boolean scoped, boolean sameOrg) {
    }

    private List<Op> operations() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode docs = ApiClient.JSON.readTree(r.body());
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
            if (path.getKey().startsWith("/live-service/")) {
                continue; // an endless event stream when allowed; its scope has its own test below
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> perm : op.getValue().path("x-openenos-permission").properties()) {
                    String requirement = perm.getValue().asString();
                    if (!requirement.startsWith("none") && !SKIPPED_ACTIONS.contains(perm.getKey())) {
                        ops.add(new Op(op.getKey(), path.getKey(), perm.getKey(), requirement,
                                op.getValue().path("requestBody").path("content").has("multipart/form-data"),
                                binding(op.getValue().path("x-openenos-asset-binding"), perm.getKey())));
                    }
                }
            }
        }
        return ops;
    }

    /** The binding of one action; one handler serving several actions (by a parameter) is keyed "*". */
    private static String binding(JsonNode bindings, String action) {
        return bindings.path(action).asString(bindings.path("*").asString(""));
    }

    private static Predicate<String> viewer() {
        return p -> p.endsWith(":read") && !p.equals("audit:read");
    }

    private static Predicate<String> operator() {
        return p -> p.endsWith(":read") ? !p.equals("audit:read")
                : !Set.of("users:write", "organization:write", "audit:write").contains(p);
    }

    private ApiClient user(Tenant t, String role) {
        String name = "m-" + role.toLowerCase() + "-" + System.nanoTime();
        var r = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", name, "password", "Password-123", "role", role));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return ApiClient.user(base(), name, "Password-123");
    }

    @Test
    void everyOperationAnswersEveryRoleScopeAndOrganizationAsItsPermissionSays() throws Exception {
        AssetScopeApiTest.Fleet fleet = AssetScopeApiTest.Fleet.create(newTenant(), "matrix");
        Tenant t = fleet.tenant();
        Tenant other = newTenant();
        List<String> scopedPermissions = AssetScopeApiTest.SITE_OPERATOR;
        List<Caller> callers = List.of(
                new Caller("ORG_ADMIN", t.orgAdmin(), p -> RESOURCES.stream().anyMatch(r -> p.startsWith(r + ":")),
                        false, true),
                new Caller("OPERATOR", user(t, "OPERATOR"), operator(), false, true),
                new Caller("VIEWER", user(t, "VIEWER"), viewer(), false, true),
                new Caller("site-A operator", AssetScopeApiTest.scopedUser(this, fleet, scopedPermissions),
                        scopedPermissions::contains, true, true),
                new Caller("other organization's admin", other.orgAdmin(), p -> true, false, false));

        List<Op> ops = operations();
        assertThat(ops).as("operations in the document").hasSizeGreaterThan(150);
        assertThat(ops.stream().map(Op::requirement).filter(r -> r.contains(":")).distinct().count())
                .as("distinct permissions used").isGreaterThan(20);
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (Op op : ops) {
            for (Caller c : callers) {
                // a scoped caller names an asset of the other site: asset-bound operations must refuse it
                boolean expected = allowed(op, c);
                var answer = send(op, c, fleet, fleet.deviceB());
                requests++;
                if (answer.statusCode() >= 500) {
                    wrong.add(c.name() + " " + op + " answered " + answer.statusCode() + " " + abbreviate(answer.body()));
                } else if (denied(answer) == expected) {
                    wrong.add(c.name() + " " + op + " expected " + (expected ? "allowed" : "denied") + ", got "
                            + answer.statusCode() + " " + abbreviate(answer.body()));
                }
                // naming its own site's device where the operation takes it (other ids: the test below)
                if (c.scoped() && op.requirement().endsWith(":read") && c.holds().test(op.requirement())
                        && ASSET_BOUND.contains(resource(op))
                        && java.util.Arrays.stream(op.binding().split(" ")).anyMatch(SENT_REFS::contains)) {
                    var inside = send(op, c, fleet, fleet.deviceA());
                    requests++;
                    if (denied(inside)) {
                        wrong.add(c.name() + " " + op + " naming its own site's device expected allowed, got "
                                + inside.statusCode() + " " + abbreviate(inside.body()));
                    }
                }
            }
        }
        System.out.printf("authorization matrix: %d operations x %d callers, %d requests%n", ops.size(),
                callers.size(), requests);
        assertThat(wrong).isEmpty();
    }

    /** Every permission of the asset-bound resources: a caller that may do everything, but within site A only. */
    private static final List<String> ALL_ASSET_BOUND = ASSET_BOUND.stream()
            .flatMap(r -> java.util.stream.Stream.of(r + ":read", r + ":write")).toList();
    /** What an operation without a binding is sent: every usual way of naming an asset. */
    private static final List<String> USUAL_REFS = List.of("query:assetId", "query:assetIds", "query:parentAssetId",
            "query:productKey+deviceKey", "body:assetId", "body:assetIds");

    /** One asset's ids of every kind: its own, its device keys, a command, an alert and a file of it. */
    record Ids(String assetId, String deviceKey, String commandId, String alertId, String fileUri) {
        static Ids of(Tenant t, AssetScopeApiTest.Fleet f, String assetId, String deviceKey, int mqttPort)
                throws Exception {
            String secret = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                    "assetId", assetId), null).data().path("deviceSecret").asString();
            MqttTestDevice.connect(mqttPort, f.productKey(), deviceKey, secret).close(); // activated: takes commands
            var command = t.app().post("/connect-service/v2.1/commands", Map.of("action", "setMeasurepoint", "orgId",
                    t.orgId(), "assetId", assetId, "measurepointId", "power", "pendingTtl", 600), Map.of("value", 5));
            assertThat(command.data().path("commandId").isString()).as(command.toString()).isTrue();
            String alertId = "scope-" + deviceKey + "-" + System.nanoTime();
            var alert = t.app().post("/event-service/v2.1/active-alerts", Map.of("action", "create", "orgId",
                    t.orgId()), Map.of("alert", Map.of("eventId", alertId, "assetId", assetId, "occurTime",
                    1_700_000_000_000L, "measurepointId", "power", "value", 1)));
            assertThat(alert.ok()).as(alert.toString()).isTrue();
            var file = t.app().upload("/connect-service/v2.1/files", Map.of("action", "upload", "orgId", t.orgId(),
                    "assetId", assetId), Map.of(), "file", new byte[] {1, 2, 3});
            assertThat(file.ok()).as(file.toString()).isTrue();
            return new Ids(assetId, deviceKey, command.data().path("commandId").asString(), alertId,
                    file.data().path("fileUri").asString());
        }
    }

    @Test
    void aScopedCallerReachesNoAssetOutsideItsScopeByAnyKindOfIdAnOperationTakes() throws Exception {
        AssetScopeApiTest.Fleet fleet = AssetScopeApiTest.Fleet.create(newTenant(), "byid");
        ApiClient scoped = AssetScopeApiTest.scopedUser(this, fleet, ALL_ASSET_BOUND);
        int mqttPort = context.getBean(MqttGateway.class).port();
        Ids inside = Ids.of(fleet.tenant(), fleet, fleet.deviceA(), "dev-a", mqttPort);
        Ids outside = Ids.of(fleet.tenant(), fleet, fleet.deviceB(), "dev-b", mqttPort);
        List<String> wrong = new ArrayList<>();
        Set<String> kinds = new java.util.TreeSet<>();
        int requests = 0;
        for (Op op : operations()) {
            if (!op.requirement().contains(":") || !ASSET_BOUND.contains(resource(op))) {
                continue;
            }
            boolean filtered = op.binding().contains("filtered-in-query");
            List<String> refs = java.util.Arrays.stream(op.binding().split(" "))
                    .filter(r -> r.contains(":")).toList();
            if (refs.isEmpty() && !filtered) {
                // not bound: refused within a scope, even naming the caller's own assets
                var answer = sendBound(op, scoped, fleet, USUAL_REFS, inside, outside, null);
                requests++;
                if (!denied(answer)) {
                    wrong.add(op + " is not bound, so refused within a scope; got " + answer.statusCode() + " "
                            + abbreviate(answer.body()));
                }
                continue;
            }
            for (String ref : refs) {
                kinds.add(ref.replaceAll("[!?]", ""));
                var answer = sendBound(op, scoped, fleet, refs, inside, outside, ref);
                requests++;
                if (!denied(answer)) {
                    wrong.add(op + " naming an asset outside the scope by " + ref + " expected denied, got "
                            + answer.statusCode() + " " + abbreviate(answer.body()));
                }
            }
            // device events come from devices over MQTT: the test has none, so an inside one cannot be named
            if (op.requirement().endsWith(":read") && refs.stream().noneMatch(r -> r.endsWith(">device_event"))) {
                var answer = sendBound(op, scoped, fleet, refs, inside, outside, null);
                requests++;
                if (denied(answer)) {
                    wrong.add(op + " naming its own site's assets by " + refs + " expected allowed, got "
                            + answer.statusCode() + " " + abbreviate(answer.body()));
                }
            }
        }
        System.out.printf("asset scope by id kind: %d requests, kinds %s%n", requests, kinds);
        assertThat(kinds).as("kinds of ids the document binds").contains("query:assetId",
                "query:productKey+deviceKey", "query:commandId>command", "query:eventId>alert",
                "query:fileUri>device_file", "body:assetIds", "body:productKey+deviceKey", "body:eventIds>alert",
                "body:alerts[].assetId", "body:subDevices[].productKey+deviceKey");
        assertThat(wrong).isEmpty();
    }

    /** A request naming assets by {@code refs}, all of site A's except {@code outsideRef}, which names site B's. */
    private static HttpResponse<String> sendBound(Op op, ApiClient client, AssetScopeApiTest.Fleet fleet,
                                                  List<String> refs, Ids inside, Ids outside, String outsideRef) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (!op.action().equals("*")) {
            params.put("action", op.action().equals("+") ? "x" : op.action());
        }
        params.put("orgId", fleet.tenant().orgId());
        params.put("treeId", fleet.treeId());
        Map<String, Object> body = new LinkedHashMap<>();
        for (String ref : refs) {
            Ids ids = ref.equals(outsideRef) ? outside : inside;
            String where = ref.substring(0, ref.indexOf(':'));
            String what = ref.substring(where.length() + 1).replaceAll("[!?]", "");
            String kind = what.contains(">") ? what.substring(what.indexOf('>') + 1) : "";
            String field = kind.isEmpty() ? what : what.substring(0, what.indexOf('>'));
            Object value = switch (kind) {
                case "command" -> ids.commandId();
                case "alert" -> field.endsWith("eventIds") ? List.of(ids.alertId()) : ids.alertId();
                case "device_file" -> ids.fileUri();
                case "device_event" -> "9" + Math.abs(ids.assetId().hashCode());
                default -> ids.assetId();
            };
            if (where.equals("query")) {
                if (field.equals("productKey+deviceKey")) {
                    params.put("productKey", fleet.productKey());
                    params.put("deviceKey", ids.deviceKey());
                } else {
                    params.put(field, value);
                }
            } else {
                put(body, field, value, fleet.productKey(), ids.deviceKey());
            }
        }
        String path = op.path().replace("{resource}", "alert-types").replaceAll("\\{[^}]+}", "x1");
        if (op.multipart()) {
            String boundary = "----matrix";
            return client.exchange(op.method().toUpperCase(), path, params, "--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--" + boundary + "--\r\n",
                    "multipart/form-data; boundary=" + boundary);
        }
        return client.exchange(op.method().toUpperCase(), path, params, ApiClient.JSON.writeValueAsString(body));
    }

    /** Sets {@code a.b}, {@code items[].c} or {@code items[].productKey+deviceKey} in a JSON body. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> body, String path, Object value, String productKey,
                            String deviceKey) {
        Map<String, Object> node = body;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length - 1; i++) {
            String s = segments[i];
            if (s.endsWith("[]")) {
                var list = (List<Object>) node.computeIfAbsent(s.substring(0, s.length() - 2),
                        k -> new ArrayList<>(List.of(new LinkedHashMap<String, Object>())));
                node = (Map<String, Object>) list.getFirst();
            } else {
                node = (Map<String, Object>) node.computeIfAbsent(s, k -> new LinkedHashMap<String, Object>());
            }
        }
        String last = segments[segments.length - 1];
        if (last.equals("productKey+deviceKey")) {
            node.put("productKey", productKey);
            node.put("deviceKey", deviceKey);
        } else {
            node.put(last, value);
        }
    }

    private static String resource(Op op) {
        return op.requirement().substring(0, op.requirement().indexOf(':'));
    }

    /**
     * A scoped caller names site B's device by {@code assetId} (query and body) and {@code assetIds}: an asset-bound
     * operation refuses it unless it filters by scope in its query and takes none of those.
     */
    private static boolean allowed(Op op, Caller c) {
        if (!c.sameOrg()) {
            return false;
        }
        return switch (op.requirement()) {
            case "signed in" -> true;
            case "super-administrator" -> false;
            default -> c.holds().test(op.requirement()) && !(c.scoped() && ASSET_BOUND.contains(resource(op))
                    && !(op.binding().contains("filtered-in-query")
                    && java.util.Arrays.stream(op.binding().split(" ")).noneMatch(SENT_REFS::contains)));
        };
    }

    private static boolean denied(HttpResponse<String> r) {
        if (r.statusCode() == 401) {
            return true;
        }
        if (!r.body().startsWith("{")) {
            return r.statusCode() == 403;
        }
        return ApiClient.JSON.readTree(r.body()).path("code").asInt() == 99403;
    }

    private static HttpResponse<String> send(Op op, Caller c, AssetScopeApiTest.Fleet fleet, String assetId) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (op.action().equals("+")) {
            params.put("action", "x");
        } else if (!op.action().equals("*")) {
            params.put("action", op.action());
        }
        params.put("orgId", fleet.tenant().orgId());
        String body = "{}";
        if (c.scoped()) {
            params.put("assetId", assetId);
            body = "{\"assetId\":\"" + assetId + "\",\"assetIds\":\"" + assetId + "\"}";
        }
        String path = op.path().replace("{resource}", "alert-types").replaceAll("\\{[^}]+}", "x1");
        if (op.multipart()) {
            String boundary = "----matrix";
            return c.client().exchange(op.method().toUpperCase(), path, params, "--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--" + boundary + "--\r\n",
                    "multipart/form-data; boundary=" + boundary);
        }
        return c.client().exchange(op.method().toUpperCase(), path, params, body);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
