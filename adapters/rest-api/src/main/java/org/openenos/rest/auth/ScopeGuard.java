package org.openenos.rest.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.registry.AssetScopes;
import org.openenos.rest.Caller;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asset scope on requests that name assets: for a caller whose permission for the operation is granted over nodes
 * of asset trees only, every asset the request names ({@code assetId}, {@code assetIds}, {@code fromAssetId},
 * {@code gatewayAssetId}, or {@code productKey}+{@code deviceKey}, in the query string or anywhere in a JSON body)
 * must lie under those nodes, checked with one query before the operation runs; an id that does not exist is outside
 * as well, so guessing ids learns nothing. An operation on assets that names none is refused to such a caller unless
 * it applies the scope inside its own query (device search, alert search). Callers whose grants cover the whole
 * organization skip all of this.
 */
public class ScopeGuard {
    /** The resources whose data belongs to assets; the others (models, dashboards, jobs…) are not scoped. */
    public static final Set<Resource> ASSET_BOUND = EnumSet.of(Resource.DEVICES, Resource.ASSETS,
            Resource.TIMESERIES, Resource.COMMANDS, Resource.ALERTS);
    private static final Set<String> ID_FIELDS = Set.of("assetId", "assetIds", "fromAssetId", "gatewayAssetId",
            "parentAssetId");
    private static final int MAX_DEPTH = 8;
    private static final int MAX_IDS = 10_000;

    /** What a scoped request named: asset ids and device keys. */
    record Named(Set<String> assetIds, List<String[]> deviceKeys) {
        boolean isEmpty() {
            return assetIds.isEmpty() && deviceKeys.isEmpty();
        }
    }

    private final AssetScopes scopes;
    private final JsonMapper json = JsonMapper.builder().build();

    public ScopeGuard(AssetScopes scopes) {
        this.scopes = scopes;
    }

    /** The scope that applies to the caller for this permission; the whole organization when it is not scoped. */
    public static AssetScope scopeOf(Caller caller, Permission permission) {
        if (caller == null || caller.isSuperAdmin() || permission == null
                || !ASSET_BOUND.contains(permission.resource())) {
            return AssetScope.ORGANIZATION;
        }
        return caller.grants().scopeOf(permission);
    }

    /** Null when the request may go on; otherwise why not. */
    public String check(HttpServletRequest request, Caller caller, Permission permission, boolean filtersInQuery,
                        String orgId) {
        AssetScope scope = scopeOf(caller, permission);
        if (scope.wholeOrganization()) {
            return null;
        }
        Named named = named(request);
        if (named.isEmpty()) {
            return filtersInQuery ? null : "your " + permission.key() + " is limited to parts of asset trees: "
                    + "this operation must name the assets it acts on";
        }
        if (orgId == null || orgId.isBlank()) {
            return "orgId is required";
        }
        Set<String> ids = new LinkedHashSet<>(named.assetIds());
        List<String> unknownDevices = new ArrayList<>();
        for (String[] keys : named.deviceKeys()) {
            String id = scopes.deviceAssetId(orgId, keys[0], keys[1]);
            if (id == null) {
                unknownDevices.add(keys[0] + "/" + keys[1]);
            } else {
                ids.add(id);
            }
        }
        Set<String> inside = scopes.within(orgId, scope, ids);
        List<String> outside = new ArrayList<>(unknownDevices);
        ids.stream().filter(id -> !inside.contains(id)).forEach(outside::add);
        if (outside.isEmpty()) {
            return null;
        }
        return "outside your scope for " + permission.key() + ": " + (outside.size() > 5
                ? outside.subList(0, 5) + " and " + (outside.size() - 5) + " more" : outside);
    }

    Named named(HttpServletRequest request) {
        Set<String> ids = new LinkedHashSet<>();
        List<String[]> devices = new ArrayList<>();
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (ID_FIELDS.contains(p.getKey())) {
                for (String v : p.getValue()) {
                    split(v, ids);
                }
            }
        }
        String pk = request.getParameter("productKey");
        String dk = request.getParameter("deviceKey");
        if (pk != null && dk != null) {
            devices.add(new String[] {pk, dk});
        }
        if (request instanceof CachedBodyRequest cached) {
            String body = cached.bodyText();
            if (!body.isBlank()) {
                try {
                    walk(json.readTree(body), ids, devices, 0);
                } catch (RuntimeException unreadable) {
                    // the controller reports the malformed body; nothing was named by it
                }
            }
        }
        return new Named(ids, devices);
    }

    private static void walk(JsonNode node, Set<String> ids, List<String[]> devices, int depth) {
        if (depth > MAX_DEPTH || ids.size() > MAX_IDS) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (ID_FIELDS.contains(e.getKey())) {
                    JsonNode v = e.getValue();
                    if (v.isString()) {
                        split(v.asString(), ids);
                    } else if (v.isArray()) {
                        v.forEach(item -> {
                            if (item.isString()) {
                                split(item.asString(), ids);
                            }
                        });
                    }
                } else {
                    walk(e.getValue(), ids, devices, depth + 1);
                }
            }
            JsonNode pk = node.get("productKey");
            JsonNode dk = node.get("deviceKey");
            if (pk != null && dk != null && pk.isString() && dk.isString()) {
                devices.add(new String[] {pk.asString(), dk.asString()});
            }
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, ids, devices, depth + 1));
        }
    }

    private static void split(String value, Set<String> ids) {
        if (value == null) {
            return;
        }
        for (String id : value.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
    }
}
