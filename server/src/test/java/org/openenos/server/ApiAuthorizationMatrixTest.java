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
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final List<String> RESOURCES = List.of("models", "products", "devices", "assets", "timeseries",
            "commands", "alerts", "dashboards", "jobs", "subscriptions", "firmware", "users", "organization",
            "audit");
    private static final Set<String> ASSET_BOUND = Set.of("devices", "assets", "timeseries", "commands", "alerts");
    /** Sessions of the sweeping callers must survive the sweep. */
    private static final Set<String> SKIPPED_ACTIONS = Set.of("logout", "changePassword", "login");

    record Op(String method, String path, String action, String requirement, boolean multipart) {
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
                                op.getValue().path("requestBody").path("content").has("multipart/form-data")));
                    }
                }
            }
        }
        return ops;
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
                boolean expected = allowed(op, c, fleet.deviceB());
                var answer = send(op, c, fleet, fleet.deviceB());
                requests++;
                if (answer.statusCode() >= 500) {
                    wrong.add(c.name() + " " + op + " answered " + answer.statusCode() + " " + abbreviate(answer.body()));
                } else if (denied(answer) == expected) {
                    wrong.add(c.name() + " " + op + " expected " + (expected ? "allowed" : "denied") + ", got "
                            + answer.statusCode() + " " + abbreviate(answer.body()));
                }
                if (c.scoped() && op.requirement().endsWith(":read") && c.holds().test(op.requirement())
                        && ASSET_BOUND.contains(resource(op))) {
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

    private static String resource(Op op) {
        return op.requirement().substring(0, op.requirement().indexOf(':'));
    }

    private static boolean allowed(Op op, Caller c, String outsideAsset) {
        if (!c.sameOrg()) {
            return false;
        }
        return switch (op.requirement()) {
            case "signed in" -> true;
            case "super-administrator" -> false;
            default -> c.holds().test(op.requirement()) && !(c.scoped() && ASSET_BOUND.contains(resource(op)));
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
