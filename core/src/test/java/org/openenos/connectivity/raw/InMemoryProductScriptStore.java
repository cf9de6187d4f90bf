package org.openenos.connectivity.raw;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Scripts kept in memory, for tests of the logic around them (the server keeps them in its database). */
public final class InMemoryProductScriptStore implements ProductScriptStore {
    private final Map<String, StoredScript> scripts = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredScript> find(String productKey) {
        return Optional.ofNullable(scripts.get(productKey));
    }

    @Override
    public void save(StoredScript script) {
        scripts.put(script.productKey(), script);
    }

    @Override
    public boolean delete(String productKey) {
        return scripts.remove(productKey) != null;
    }
}
