package org.openenos.rest.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.registry.AssetScopes;
import org.openenos.registry.AssetScopes.DeviceKeys;
import org.openenos.registry.AssetScopes.Owned;
import org.openenos.rest.Caller;
import org.openenos.rest.auth.AssetBinding.BodyAssets;
import org.openenos.rest.auth.AssetBinding.BodyDevice;
import org.openenos.rest.auth.AssetBinding.BodyOwned;
import org.openenos.rest.auth.AssetBinding.QueryAssets;
import org.openenos.rest.auth.AssetBinding.QueryDevice;
import org.openenos.rest.auth.AssetBinding.QueryOwned;
import org.openenos.rest.auth.AssetBinding.QuerySubscription;
import org.springframework.web.util.WebUtils;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asset scope, fail closed. For a caller whose permission for the operation is granted over nodes of asset trees
 * only:
 * <ul>
 * <li>an asset-bound operation is checked on exactly the parameters and body fields its {@link AssetBinding}
 * declares, every value of every one of them, with one query per kind of id (asset ids; device keys; commands,
 * alerts, device events or files resolved to their asset; data subscriptions to the assets their filter names) and
 * one for the scope; an id that does not exist is
 * outside as well, so guessing ids learns nothing;</li>
 * <li>an asset-bound operation without a binding, or one that names no asset and does not filter by scope in its own
 * query, is refused;</li>
 * <li>an operation on a resource that is not asset-bound but acts on the whole organization (every {@code write}
 * of one, and reading {@code jobs}: exports, run results and federated reads carry every asset's data) is
 * refused, unless it declares a binding: then it must name assets, all within the scope, and it acts on those
 * only (a subscription restricted to some assets is delivered their records only).</li>
 * </ul>
 * Nothing is capped silently: a request naming more than {@value #MAX_IDS} ids is refused as a bad argument. Callers
 * whose grants cover the whole organization skip all of this.
 */
public class ScopeGuard {
    /** The resources whose data belongs to assets; the others (models, dashboards, jobs…) are not scoped. */
    public static final Set<Resource> ASSET_BOUND = EnumSet.of(Resource.DEVICES, Resource.ASSETS,
            Resource.TIMESERIES, Resource.COMMANDS, Resource.ALERTS);
    /** Reading these shows the whole organization's asset data, so a scoped grant of their {@code read} is refused. */
    static final Set<Resource> ORGANIZATION_WIDE_READS = EnumSet.of(Resource.JOBS);
    static final int MAX_IDS = 10_000;

    /** What a scoped request named, by kind. */
    record Named(Set<String> assetIds, Set<DeviceKeys> devices, Map<Owned, Set<String>> owned,
                 Map<Owned, Set<String>> ownedMaybeNew, Set<String> subscriptions, List<String> refusals) {
        Named() {
            this(new LinkedHashSet<>(), new LinkedHashSet<>(), new EnumMap<>(Owned.class),
                    new EnumMap<>(Owned.class), new LinkedHashSet<>(), new ArrayList<>());
        }

        boolean namesAsset() {
            return !assetIds.isEmpty() || !devices.isEmpty() || owned.values().stream().anyMatch(s -> !s.isEmpty())
                    || !subscriptions.isEmpty();
        }

        int size() {
            return assetIds.size() + devices.size() + owned.values().stream().mapToInt(Set::size).sum()
                    + ownedMaybeNew.values().stream().mapToInt(Set::size).sum() + subscriptions.size();
        }
    }

    private final AssetScopes scopes;
    private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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

    /**
     * Null when the request may go on; otherwise why not. {@code binding} is null for an operation that declares
     * none. Throws a bad-argument error for a request that cannot be checked (too many ids, a malformed body).
     */
    public String check(HttpServletRequest request, Caller caller, Permission permission, AssetBinding binding,
                        String orgId) {
        if (caller == null || caller.isSuperAdmin() || permission == null) {
            return null;
        }
        AssetScope scope = caller.grants().scopeOf(permission);
        if (scope.wholeOrganization()) {
            return null;
        }
        String limited = "your " + permission.key() + " is limited to parts of asset trees: ";
        if (!ASSET_BOUND.contains(permission.resource())) {
            boolean organizationWide = permission.action() == Permission.Action.WRITE
                    || ORGANIZATION_WIDE_READS.contains(permission.resource());
            if (!organizationWide) {
                return null;
            }
            if (binding == null || binding.filtersInQuery()) {
                return limited + "this operation acts on the whole organization and needs " + permission.key()
                        + " over the whole organization";
            }
            // it may be restricted to named assets (a subscription to some assets): checked like an asset-bound one
        }
        if (binding == null) {
            return limited + "this operation is not available within a scope (it does not name the assets it acts "
                    + "on); it needs " + permission.key() + " over the whole organization";
        }
        Named named = named(request, binding);
        if (!named.refusals().isEmpty()) {
            return limited + String.join("; ", named.refusals());
        }
        if (!named.namesAsset() && !ASSET_BOUND.contains(permission.resource())) {
            return limited + "this operation acts on the whole organization unless it names assets of your scope ("
                    + binding.describe() + "); otherwise it needs " + permission.key() + " over the whole organization";
        }
        if (!named.namesAsset()) {
            return binding.filtersInQuery() ? null : limited + "this operation must name the assets it acts on ("
                    + binding.describe() + ")";
        }
        if (orgId == null || orgId.isBlank()) {
            return "orgId is required";
        }
        return outside(orgId, scope, named, permission);
    }

    private String outside(String orgId, AssetScope scope, Named named, Permission permission) {
        Set<String> ids = new LinkedHashSet<>(named.assetIds());
        List<String> outside = new ArrayList<>();
        if (!named.devices().isEmpty()) {
            Map<DeviceKeys, String> found = scopes.deviceAssetIds(orgId, named.devices());
            for (DeviceKeys d : named.devices()) {
                String id = found.get(d);
                if (id == null) {
                    outside.add(d.toString());
                } else {
                    ids.add(id);
                }
            }
        }
        for (Owned kind : Owned.values()) {
            Set<String> required = named.owned().getOrDefault(kind, Set.of());
            Set<String> maybeNew = named.ownedMaybeNew().getOrDefault(kind, Set.of());
            if (required.isEmpty() && maybeNew.isEmpty()) {
                continue;
            }
            Set<String> asked = new LinkedHashSet<>(required);
            asked.addAll(maybeNew);
            Map<String, String> owners = scopes.assetsOf(orgId, kind, asked);
            for (String id : asked) {
                String owner = owners.get(id);
                if (owner != null) {
                    ids.add(owner);
                } else if (required.contains(id)) {
                    outside.add(kind.name().toLowerCase() + " " + id);
                }
            }
        }
        if (!named.subscriptions().isEmpty()) {
            Map<String, Set<String>> found = scopes.subscriptionAssets(orgId, named.subscriptions());
            for (String subId : named.subscriptions()) {
                Set<String> assets = found.get(subId);
                if (assets == null) {
                    outside.add("subscription " + subId);
                } else if (assets.isEmpty()) {
                    outside.add("subscription " + subId + " (its filter names no assets: the whole organization)");
                } else {
                    ids.addAll(assets);
                }
            }
        }
        Set<String> inside = scopes.within(orgId, scope, ids);
        ids.stream().filter(id -> !inside.contains(id)).forEach(outside::add);
        if (outside.isEmpty()) {
            return null;
        }
        return "outside your scope for " + permission.key() + ": " + (outside.size() > 5
                ? outside.subList(0, 5) + " and " + (outside.size() - 5) + " more" : outside);
    }

    /** Every value of every parameter and field {@code binding} declares, the body parsed once. */
    Named named(HttpServletRequest request, AssetBinding binding) {
        Named named = new Named();
        JsonNode body = binding.readsBody() ? body(request) : null;
        for (AssetBinding.Ref ref : binding.refs()) {
            switch (ref) {
                case QueryAssets q -> {
                    String[] values = request.getParameterValues(q.name());
                    if (values != null) {
                        for (String v : values) {
                            split(v, named.assetIds());
                        }
                    } else if (q.required()) {
                        throw OpenEnosException.badArgument(q.name() + " is required within an asset scope");
                    }
                }
                case QueryDevice d -> {
                    String[] pk = request.getParameterValues("productKey");
                    String[] dk = request.getParameterValues("deviceKey");
                    if (pk != null && dk != null) {
                        for (String p : pk) {
                            for (String k : dk) {
                                named.devices().add(new DeviceKeys(p, k));
                            }
                        }
                    }
                }
                case QueryOwned q -> {
                    String[] values = request.getParameterValues(q.name());
                    if (values != null) {
                        for (String v : values) {
                            named.owned().computeIfAbsent(q.kind(), k -> new LinkedHashSet<>()).add(v);
                        }
                    }
                }
                case BodyAssets b -> {
                    Set<String> values = new LinkedHashSet<>();
                    at(body, b.path()).forEach(n -> scalars(n, v -> split(v, values)));
                    if (b.required() && values.isEmpty() && !at(body, parent(b.path())).isEmpty()) {
                        named.refusals().add(b.path() + " must name assets of your scope; without them this acts on"
                                + " the whole organization");
                    }
                    named.assetIds().addAll(values);
                }
                case QuerySubscription q -> {
                    String[] values = request.getParameterValues(q.name());
                    if (values != null) {
                        for (String v : values) {
                            split(v, named.subscriptions());
                        }
                    }
                }
                case BodyDevice b -> at(body, b.path()).forEach(n -> {
                    if (n.isObject() && n.hasNonNull("productKey") && n.hasNonNull("deviceKey")) {
                        named.devices().add(new DeviceKeys(n.get("productKey").asString(),
                                n.get("deviceKey").asString()));
                    }
                });
                case BodyOwned b -> at(body, b.path()).forEach(n -> scalars(n, v -> (b.mayBeNew()
                        ? named.ownedMaybeNew() : named.owned()).computeIfAbsent(b.kind(),
                        k -> new LinkedHashSet<>()).add(v)));
            }
            if (named.size() > MAX_IDS) {
                throw OpenEnosException.badArgument("a request within an asset scope names at most " + MAX_IDS
                        + " assets or records; split it");
            }
        }
        return named;
    }

    private JsonNode body(HttpServletRequest request) {
        CachedBodyRequest cached = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
        if (cached == null) {
            String type = request.getContentType();
            if (type != null && type.toLowerCase().contains("json") && request.getContentLengthLong() != 0) {
                throw OpenEnosException.forbidden("the body of this request cannot be checked against your scope");
            }
            return null; // a multipart upload: its assets are named in the query
        }
        String text = cached.bodyText();
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (RuntimeException unreadable) {
            throw OpenEnosException.badArgument("the request body is not valid JSON (or names a field twice)");
        }
    }

    /** The nodes at a path like {@code alerts[].assetId}; {@code []} walks into every item of an array. */
    static List<JsonNode> at(JsonNode body, String path) {
        List<JsonNode> nodes = new ArrayList<>();
        if (body == null) {
            return nodes;
        }
        nodes.add(body);
        if (path.isEmpty()) {
            return nodes;
        }
        for (String segment : path.split("\\.")) {
            boolean each = segment.endsWith("[]");
            String field = each ? segment.substring(0, segment.length() - 2) : segment;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                JsonNode v = n.isObject() ? n.get(field) : null;
                if (v == null || v.isNull()) {
                    continue;
                }
                if (each && v.isArray()) {
                    v.forEach(next::add);
                } else {
                    next.add(v);
                }
            }
            nodes = next;
        }
        return nodes;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** Every scalar value in {@code node}, arrays included, as the text a controller would bind. */
    private static void scalars(JsonNode node, java.util.function.Consumer<String> out) {
        if (node.isArray()) {
            node.forEach(item -> scalars(item, out));
        } else if (node.isValueNode() && !node.isNull()) {
            out.accept(node.asString());
        } else if (node.isObject()) {
            throw OpenEnosException.badArgument("an id field holds an object");
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
