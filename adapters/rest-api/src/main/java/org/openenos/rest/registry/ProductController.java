package org.openenos.rest.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.Product;
import org.openenos.registry.Page;
import org.openenos.registry.ProductService;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /connect-service/v2.1/products}: create returns the productKey as {@code data}, as EnOS does. */
@RestController
@RequestMapping("/connect-service/v2.1/products")
public class ProductController {
    public record SearchBody(String modelId, PageRequestBody pagination) {
    }

    private final ProductService products;
    private final ApiAccess access;

    public ProductController(ProductService products, ApiAccess access) {
        this.products = products;
        this.access = access;
    }

    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody ProductService.ProductInput body) {
        access.requireWrite(orgId);
        Product p = products.create(access.caller().principal(), orgId, body);
        return ApiResponse.ok(p.productKey());
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireRead(orgId);
        return ApiResponse.ok(view(products.get(orgId, productKey)));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam String productKey,
                              @RequestBody ProductService.ProductInput body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(view(products.update(access.caller().principal(), orgId, productKey, body)));
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireWrite(orgId);
        products.delete(access.caller().principal(), orgId, productKey);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        List<Product> all = products.list(orgId).stream()
                .filter(p -> body == null || body.modelId() == null || p.modelId().equals(body.modelId()))
                .toList();
        Page<Product> page = Page.of(all, PageRequestBody.of(body == null ? null : body.pagination(), 100));
        return ApiResponse.page(page.items().stream().map(this::view).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), page.totalSize(), null));
    }

    /** The product secret is shown to those who may write (they provision devices with it), never to viewers. */
    private Map<String, Object> view(Product p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgId", p.orgId());
        m.put("productKey", p.productKey());
        if (access.canWrite(Resource.PRODUCTS)) {
            m.put("productSecret", p.productSecret());
        }
        m.put("productName", p.productName());
        m.put("productDesc", p.productDesc());
        m.put("productType", p.productType());
        m.put("dataFormat", p.dataFormat());
        m.put("modelId", p.modelId());
        m.put("dynamicActivateEnabled", p.dynamicActivateEnabled());
        m.put("biDirectionalAuth", p.biDirectionalAuth());
        m.put("productTags", p.productTags());
        m.put("createTime", p.createTime().toEpochMilli());
        return m;
    }
}
