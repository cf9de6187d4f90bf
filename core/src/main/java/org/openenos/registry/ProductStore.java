package org.openenos.registry;

import java.util.List;
import java.util.Optional;
import org.openenos.model.Product;

/** Persistence of products; secrets are handled in plain text here and encrypted by the implementation. */
public interface ProductStore {
    void insert(Product product);

    Optional<Product> find(String productKey);

    List<Product> listByOrg(String orgId);

    void update(Product product);

    boolean delete(String productKey);

    boolean isModelUsed(String orgId, String modelId);
}
