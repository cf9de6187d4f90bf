package org.openenos.rest.registry;

import java.util.List;
import org.openenos.registry.AssetService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /asset-service/v2.1/assets}: get, update and search assets (devices and logical assets). */
@RestController
@RequestMapping("/asset-service/v2.1/assets")
public class AssetController {
    public record UpdateBody(AssetService.AssetInput asset) {
    }

    public record SearchBody(List<String> assetIds) {
    }

    private final AssetService assets;
    private final ApiAccess access;

    public AssetController(AssetService assets, ApiAccess access) {
        this.assets = assets;
        this.access = access;
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String assetId) {
        return ApiResponse.ok(AssetView.of(assets.get(access.requireRead(orgId), assetId)));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam String assetId,
                              @RequestBody UpdateBody body) {
        access.requireWrite(orgId);
        if (body.asset() == null) {
            throw org.openenos.error.OpenEnosException.badArgument("asset: is required");
        }
        return ApiResponse.ok(AssetView.of(assets.update(access.caller().principal(), orgId, assetId, body.asset())));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody SearchBody body) {
        access.requireRead(orgId);
        List<String> ids = body.assetIds() == null ? List.of() : body.assetIds();
        if (ids.size() > 1000) {
            throw org.openenos.error.OpenEnosException.badArgument("assetIds: at most 1000");
        }
        return ApiResponse.ok(assets.getAll(orgId, ids).stream().map(AssetView::of).toList());
    }
}
