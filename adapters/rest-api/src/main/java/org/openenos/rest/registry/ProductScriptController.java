package org.openenos.rest.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.connectivity.raw.ProductScriptStore;
import org.openenos.connectivity.raw.ProductScripts;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Product;
import org.openenos.registry.ProductService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The parsing script of a custom-format product ({@code dataFormat: Custom}), beside the other product operations:
 * {@code /connect-service/v2.1/products?action=setScript|getScript|deleteScript}. A script is compiled before it is
 * stored; one that does not compile, or lacks {@code rawDataToProtocol}/{@code protocolToRawData}, is refused
 * (99400) and the stored script stays.
 */
@RestController
@RequestMapping("/connect-service/v2.1/products")
public class ProductScriptController {
    public record ScriptBody(String script) {
    }

    private final ProductService products;
    private final ProductScripts scripts;
    private final ApiAccess access;

    public ProductScriptController(ProductService products, ProductScripts scripts, ApiAccess access) {
        this.products = products;
        this.scripts = scripts;
        this.access = access;
    }

    @PostMapping(params = "action=setScript")
    public ApiResponse set(@RequestParam String orgId, @RequestParam String productKey,
                           @RequestBody ScriptBody body) {
        access.requireWrite(orgId);
        Product product = products.get(orgId, productKey);
        if (product.dataFormat() != Product.DataFormat.Custom) {
            throw OpenEnosException.badArgument("productKey: product " + productKey
                    + " has dataFormat Json; only Custom products take a parsing script");
        }
        return ApiResponse.ok(view(scripts.set(orgId, productKey, body == null ? null : body.script())));
    }

    @RequestMapping(params = "action=getScript", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireRead(orgId);
        products.get(orgId, productKey);
        return ApiResponse.ok(view(scripts.get(productKey).orElseThrow(() -> notFound(productKey))));
    }

    @PostMapping(params = "action=deleteScript")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireWrite(orgId);
        products.get(orgId, productKey);
        if (!scripts.delete(productKey)) {
            throw notFound(productKey);
        }
        return ApiResponse.ok(null);
    }

    private static OpenEnosException notFound(String productKey) {
        return new OpenEnosException(ErrorCode.PRODUCT_SCRIPT_NOT_FOUND,
                "product " + productKey + " has no parsing script");
    }

    private static Map<String, Object> view(ProductScriptStore.StoredScript s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("productKey", s.productKey());
        m.put("script", s.source());
        m.put("updateTime", s.updateTime().toEpochMilli());
        return m;
    }
}
