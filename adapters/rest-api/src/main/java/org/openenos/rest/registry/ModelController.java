package org.openenos.rest.registry;

import java.util.List;
import java.util.Map;
import org.openenos.model.ThingModel;
import org.openenos.registry.ModelService;
import org.openenos.registry.Page;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /model-service/v2.1/thing-models}. The body of create/update is the thing model itself or
 * {@code {"thingModel": {...}}}. Unknown fields are refused so a typo never silently drops an element.
 */
@RestController
@RequestMapping("/model-service/v2.1/thing-models")
public class ModelController {
    public record SearchBody(String modelId, String name, PageRequestBody pagination) {
    }

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Jackson 3 refuses absent primitives by default; an absent hasQuality or isRequired means false.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final ModelService models;
    private final ApiAccess access;
    private final RegistryDeviceDirectory directory;

    public ModelController(ModelService models, ApiAccess access, RegistryDeviceDirectory directory) {
        this.models = models;
        this.access = access;
        this.directory = directory;
    }

    /** With {@code isPublic=true} the super-administrator publishes a read-only model every organization sees. */
    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestParam(defaultValue = "false") boolean isPublic,
                              @RequestBody JsonNode body) {
        access.requireWrite(orgId);
        if (isPublic) {
            access.requireSuperAdmin();
        }
        ThingModel created = models.create(access.caller().principal(), isPublic ? null : orgId, parse(body));
        directory.evictModels();
        return ApiResponse.ok(created);
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestBody JsonNode body) {
        access.requireWrite(orgId);
        ThingModel updated = models.update(access.caller().principal(), orgId, parse(body));
        directory.evictModels();
        return ApiResponse.ok(updated);
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String modelId) {
        access.requireWrite(orgId);
        models.delete(access.caller().principal(), orgId, modelId);
        directory.evictModels();
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String modelId) {
        return ApiResponse.ok(models.get(access.requireRead(orgId), modelId));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        List<ThingModel> all = models.search(orgId).stream()
                .filter(m -> body == null || body.modelId() == null || m.modelId().equals(body.modelId()))
                .filter(m -> body == null || body.name() == null || m.name() != null
                        && m.name().defaultValue().toLowerCase().contains(body.name().toLowerCase()))
                .toList();
        Page<ThingModel> page = Page.of(all, PageRequestBody.of(body == null ? null : body.pagination(), 100));
        return ApiResponse.page(page.items(), new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                page.totalSize(), null));
    }

    private static ThingModel parse(JsonNode body) {
        JsonNode node = body != null && body.has("thingModel") && body.size() == 1 ? body.get("thingModel") : body;
        if (node == null || !node.isObject()) {
            throw org.openenos.error.OpenEnosException.badArgument("body: a thing model object is required");
        }
        if (node.has("public")) {
            // "public" is derived (no orgId) and returned by get: accepting it back lets a client send what it read
            node = ((tools.jackson.databind.node.ObjectNode) node).deepCopy();
            ((tools.jackson.databind.node.ObjectNode) node).remove("public");
        }
        try {
            return STRICT.treeToValue(node, ThingModel.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw org.openenos.error.OpenEnosException.badArgument("invalid thing model: " + e.getOriginalMessage()
                    + pathOf(e));
        }
    }

    private static String pathOf(tools.jackson.core.JacksonException e) {
        if (e instanceof tools.jackson.databind.DatabindException de && !de.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder(" at ");
            de.getPath().forEach(ref -> sb.append(ref.getPropertyName() != null ? "." + ref.getPropertyName()
                    : "[" + ref.getIndex() + "]"));
            return sb.toString();
        }
        return "";
    }

    static Map<String, Object> idOnly(String key, Object value) {
        return Map.of(key, value);
    }
}
