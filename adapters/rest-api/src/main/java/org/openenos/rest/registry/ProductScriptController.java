package org.openenos.rest.registry;

import java.util.HexFormat;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parsing script of a custom-format product ({@code dataFormat: Custom}), beside the other product operations:
 * {@code /connect-service/v2.1/products?action=setScript|getScript|deleteScript}. A script is compiled before it is
 * stored; one that does not compile, or lacks {@code rawDataToProtocol}/{@code protocolToRawData}, is refused
 * (99400) and the stored script stays. {@code testScript} runs a script (the one in the body, else the stored one)
 * on a sample without storing anything, in the same sandbox and limits as device traffic: {@code direction: up}
 * turns a hex {@code payload} into the EnOS message ({@code rawDataToProtocol}), {@code direction: down} turns an
 * EnOS {@code message} into a hex payload ({@code protocolToRawData}).
 */
@RestController
@RequestMapping("/connect-service/v2.1/products")
public class ProductScriptController {
    public record ScriptBody(String script) {
    }

    /** A trial run: {@code script} (optional: the stored one), {@code direction}, and the sample to convert. */
    public record TestBody(String script, String direction, String payload, JsonNode message) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        requireCustom(products.get(orgId, productKey));
        return ApiResponse.ok(view(scripts.set(orgId, productKey, body == null ? null : body.script())));
    }

    @RequestMapping(params = "action=getScript", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireRead(orgId);
        products.get(orgId, productKey);
        return ApiResponse.ok(view(scripts.get(productKey).orElseThrow(() -> notFound(productKey))));
    }

    @PostMapping(params = "action=testScript")
    public ApiResponse test(@RequestParam String orgId, @RequestParam String productKey,
                            @RequestBody TestBody body) {
        access.requireWrite(orgId);
        requireCustom(products.get(orgId, productKey));
        if (body == null || body.direction() == null) {
            throw OpenEnosException.badArgument("direction: is required (up or down)");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("direction", body.direction());
        switch (body.direction()) {
            case "up" -> {
                byte[] raw = hex(body.payload());
                result.put("message", parsed(scripts.trial(productKey, blankToNull(body.script()),
                        script -> script.toProtocol(raw))));
            }
            case "down" -> {
                if (body.message() == null || !body.message().isObject()) {
                    throw OpenEnosException.badArgument("message: is required, an EnOS message object");
                }
                String message = JSON.writeValueAsString(body.message());
                result.put("payload", HexFormat.of().formatHex(scripts.trial(productKey,
                        blankToNull(body.script()), script -> script.toRaw(message))));
            }
            default -> throw OpenEnosException.badArgument("direction: must be up or down, not " + body.direction());
        }
        return ApiResponse.ok(result);
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

    private static void requireCustom(Product product) {
        if (product.dataFormat() != Product.DataFormat.Custom) {
            throw OpenEnosException.badArgument("productKey: product " + product.productKey()
                    + " has dataFormat Json; only Custom products take a parsing script");
        }
    }

    /** Hex digits, spaces and a 0x prefix allowed, as a user pastes them. */
    static byte[] hex(String payload) {
        String digits = payload == null ? "" : payload.replaceAll("0x|0X|[\\s:,]", "");
        if (digits.isEmpty()) {
            throw OpenEnosException.badArgument("payload: is required, the raw frame as hex digits");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("payload: is not an even number of hex digits");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static JsonNode parsed(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw OpenEnosException.badArgument("parsing script returned no JSON message: " + e.getOriginalMessage());
        }
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
