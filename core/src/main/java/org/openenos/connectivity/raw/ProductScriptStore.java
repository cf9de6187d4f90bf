package org.openenos.connectivity.raw;

import java.time.Instant;
import java.util.Optional;

/** Where the parsing script of each custom-format product is kept (one per product; product keys are unique). */
public interface ProductScriptStore {
    record StoredScript(String orgId, String productKey, String source, Instant updateTime) {
    }

    Optional<StoredScript> find(String productKey);

    void save(StoredScript script);

    boolean delete(String productKey);
}
