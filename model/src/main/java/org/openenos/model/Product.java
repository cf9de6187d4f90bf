package org.openenos.model;

import java.time.Instant;
import java.util.Map;

/** A product: the class of devices that share a thing model, a data format and a way to authenticate. */
public record Product(String orgId, String productKey, String productSecret, StringI18n productName,
                      StringI18n productDesc, NodeType productType, DataFormat dataFormat, String modelId,
                      boolean dynamicActivateEnabled, boolean biDirectionalAuth, Map<String, String> productTags,
                      Instant createTime) {
    public enum NodeType { Device, Gateway }

    public enum DataFormat { Json, Custom }

    public Product {
        productTags = productTags == null ? Map.of() : Map.copyOf(productTags);
    }

    public boolean isGateway() {
        return productType == NodeType.Gateway;
    }
}
