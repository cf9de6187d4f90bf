package org.openenos.registry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.Product;
import org.openenos.model.StringI18n;
import org.openenos.security.Ids;

/** Products: create with a generated productKey/productSecret, read, update, delete (only when no device is left). */
public final class ProductService {
    public record ProductInput(StringI18n productName, StringI18n productDesc, Product.NodeType productType,
                               Product.DataFormat dataFormat, String modelId, Boolean dynamicActivateEnabled,
                               Boolean biDirectionalAuth, Map<String, String> productTags) {
    }

    private final ProductStore products;
    private final DeviceStore devices;
    private final ModelService models;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<String>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Lets caches drop a product (by productKey) when it changes. */
    public void addListener(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    public ProductService(ProductStore products, DeviceStore devices, ModelService models, AuditLog audit,
                          Clock clock) {
        this.products = products;
        this.devices = devices;
        this.models = models;
        this.audit = audit;
        this.clock = clock;
    }

    public Product create(Principal actor, String orgId, ProductInput in) {
        requireName(in.productName());
        if (in.modelId() == null || in.modelId().isBlank()) {
            throw OpenEnosException.badArgument("modelId: is required");
        }
        models.get(orgId, in.modelId());
        Product p = new Product(orgId, Ids.productKey(), Ids.secret(), in.productName(), in.productDesc(),
                in.productType() == null ? Product.NodeType.Device : in.productType(),
                in.dataFormat() == null ? Product.DataFormat.Json : in.dataFormat(), in.modelId(),
                Boolean.TRUE.equals(in.dynamicActivateEnabled()), Boolean.TRUE.equals(in.biDirectionalAuth()),
                in.productTags(), clock.instant());
        products.insert(p);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "product.create", p.productKey(), ""));
        return p;
    }

    public Product get(String orgId, String productKey) {
        return products.find(productKey).filter(p -> p.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.PRODUCT_NOT_FOUND, "product " + productKey));
    }

    public List<Product> list(String orgId) {
        return products.listByOrg(orgId);
    }

    /** Fields left null keep their value; the model and node type cannot change once devices exist. */
    public Product update(Principal actor, String orgId, String productKey, ProductInput in) {
        Product old = get(orgId, productKey);
        boolean hasDevices = devices.countByProduct(productKey) > 0;
        if (hasDevices && in.modelId() != null && !in.modelId().equals(old.modelId())) {
            throw OpenEnosException.badArgument("modelId: cannot change while the product has devices");
        }
        if (in.modelId() != null) {
            models.get(orgId, in.modelId());
        }
        if (in.productName() != null) {
            requireName(in.productName());
        }
        Product p = new Product(orgId, productKey, old.productSecret(),
                in.productName() == null ? old.productName() : in.productName(),
                in.productDesc() == null ? old.productDesc() : in.productDesc(),
                in.productType() == null || hasDevices ? old.productType() : in.productType(),
                in.dataFormat() == null ? old.dataFormat() : in.dataFormat(),
                in.modelId() == null ? old.modelId() : in.modelId(),
                in.dynamicActivateEnabled() == null ? old.dynamicActivateEnabled() : in.dynamicActivateEnabled(),
                in.biDirectionalAuth() == null ? old.biDirectionalAuth() : in.biDirectionalAuth(),
                in.productTags() == null ? old.productTags() : in.productTags(), old.createTime());
        products.update(p);
        listeners.forEach(l -> l.accept(productKey));
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "product.update", productKey, ""));
        return p;
    }

    public void delete(Principal actor, String orgId, String productKey) {
        get(orgId, productKey);
        if (devices.countByProduct(productKey) > 0) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "product " + productKey + " still has devices");
        }
        products.delete(productKey);
        listeners.forEach(l -> l.accept(productKey));
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "product.delete", productKey, ""));
    }

    private static void requireName(StringI18n name) {
        if (name == null || name.defaultValue() == null || name.defaultValue().isBlank()
                || name.defaultValue().length() > 100) {
            throw OpenEnosException.badArgument("productName.defaultValue: is required, at most 100 characters");
        }
    }
}
