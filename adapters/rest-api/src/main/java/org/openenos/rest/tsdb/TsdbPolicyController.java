package org.openenos.rest.tsdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.timeseries.StoragePolicyGroup;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.policy.StoragePolicies;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * TSDB storage policies ({@code /tsdb-policy/v2.0}): point metadata, get and save a policy ({@code groupId.TYPE}).
 * EnOS creates groups in its console only; {@code /groups} does it here. Reads answer GET as EnOS documents and POST
 * as well, since signed API clients post.
 */
@RestController
@RequestMapping("/tsdb-policy/v2.0")
public class TsdbPolicyController {
    private final StoragePolicies policies;
    private final ApiAccess access;

    public TsdbPolicyController(StoragePolicies policies, ApiAccess access) {
        this.policies = policies;
        this.access = access;
    }

    /** A policy's models: {@code [{modelId, points:[…]}]}. */
    public record ModelPoints(String modelId, List<String> points) {
    }

    public record PolicyBody(String retention, List<ModelPoints> models) {
    }

    public record GroupBody(String groupName, List<String> modelIds) {
    }

    @RequestMapping(path = "/policies", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse metadata(@RequestParam(required = false) String orgId,
                                @RequestParam(required = false) String modelIds) {
        String org = access.requireRead(orgId);
        List<String> models = TsdbQuery.ids(modelIds);
        if (models.isEmpty() || models.size() > 3000) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "modelIds: 1 to 3000 model ids, comma-separated");
        }
        var data = new ArrayList<Map<String, Object>>();
        policies.metadata(org, models).forEach((model, points) -> {
            var item = new LinkedHashMap<String, Object>();
            item.put("modelId", model);
            item.put("tsdb_metadata", points);
            data.add(item);
        });
        return ApiResponse.ok(data);
    }

    @RequestMapping(path = "/policies/{policyId}", method = RequestMethod.GET)
    public ApiResponse policy(@RequestParam(required = false) String orgId, @PathVariable String policyId) {
        var p = policies.policy(access.requireRead(orgId), policyId);
        var data = new LinkedHashMap<String, Object>();
        data.put("policyId", p.policyId());
        data.put("policyName", p.policyName());
        data.put("policyType", p.policyType());
        data.put("retention", p.retention());
        data.put("models", p.models().entrySet().stream()
                .map(e -> new ModelPoints(e.getKey(), List.copyOf(e.getValue()))).toList());
        return ApiResponse.ok(data);
    }

    /** Save policy: replaces the point lists (and the retention when given). POST with no body reads it. */
    @PostMapping("/policies/{policyId}")
    public ApiResponse save(@RequestParam(required = false) String orgId, @PathVariable String policyId,
                            @RequestBody(required = false) PolicyBody body) {
        if (body == null) {
            return policy(orgId, policyId);
        }
        String org = access.requireAdmin(orgId);
        var points = new LinkedHashMap<String, Set<String>>();
        for (ModelPoints m : body.models() == null ? List.<ModelPoints>of() : body.models()) {
            if (m == null || m.modelId() == null) {
                throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "every model needs a modelId");
            }
            points.put(m.modelId(), new LinkedHashSet<>(m.points() == null ? List.of() : m.points()));
        }
        policies.savePolicy(org, policyId, body.retention(), points);
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/groups", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse groups(@RequestParam(required = false) String orgId,
                              @RequestParam(required = false) String action,
                              @RequestBody(required = false) GroupBody body) {
        if ("create".equals(action)) {
            String org = access.requireAdmin(orgId);
            if (body == null) {
                throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "a JSON request body is required");
            }
            return ApiResponse.ok(view(policies.createGroup(org, body.groupName(), ids(body.modelIds()))));
        }
        return ApiResponse.ok(policies.groups(access.requireRead(orgId)).stream().map(TsdbPolicyController::view)
                .toList());
    }

    /** {@code action=update} replaces the group's models; {@code action=delete} deletes an emptied group. */
    @PostMapping("/groups/{groupId}")
    public ApiResponse group(@RequestParam(required = false) String orgId, @PathVariable String groupId,
                             @RequestParam(required = false) String action,
                             @RequestBody(required = false) GroupBody body) {
        String org = access.requireAdmin(orgId);
        return switch (action == null ? "" : action) {
            case "update" -> ApiResponse.ok(view(policies.setModels(org, groupId,
                    ids(body == null ? null : body.modelIds()))));
            case "delete" -> {
                policies.deleteGroup(org, groupId);
                yield ApiResponse.ok(null);
            }
            default -> throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "action must be update or delete");
        };
    }

    private static Set<String> ids(List<String> ids) {
        return ids == null ? Set.of() : new LinkedHashSet<>(ids);
    }

    private static Map<String, Object> view(StoragePolicyGroup g) {
        var data = new LinkedHashMap<String, Object>();
        data.put("groupId", g.groupId());
        data.put("groupName", g.name());
        data.put("modelIds", List.copyOf(g.modelIds()));
        data.put("policyIds", g.types().keySet().stream().sorted().map(t -> g.groupId() + "." + t).toList());
        return data;
    }
}
