package org.openenos.connectivity.raw;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * The parsing scripts of custom-format products: stored once compiled (a script that does not compile is refused,
 * 99400, and the stored one stays), and compiled once per node for the conversions. The engine is built on first
 * use, so a platform without custom-format products never pays its start-up. A compiled script is re-checked
 * against the store after {@link #RECHECK}, so a change made through another node takes effect there too.
 */
public final class ProductScripts implements AutoCloseable {
    static final Duration RECHECK = Duration.ofSeconds(10);

    private record Compiled(String source, PayloadScript script, long checkedAt) {
    }

    private final ProductScriptStore store;
    private final Supplier<PayloadScriptEngine> engineFactory;
    private final Clock clock;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private volatile PayloadScriptEngine engine;

    public ProductScripts(ProductScriptStore store, Supplier<PayloadScriptEngine> engineFactory, Clock clock) {
        this.store = store;
        this.engineFactory = engineFactory;
        this.clock = clock;
    }

    /** Compiles, then stores the script of a product the caller has checked belongs to {@code orgId}. */
    public ProductScriptStore.StoredScript set(String orgId, String productKey, String source) {
        PayloadScript script = engine().compile(source);
        var stored = new ProductScriptStore.StoredScript(orgId, productKey, source, clock.instant());
        store.save(stored);
        replace(productKey, new Compiled(source, script, clock.millis()));
        return stored;
    }

    /**
     * A script compiled for a trial run and not stored (the "try it" of the API): {@code source}, or the stored
     * script of the product when it is null. Runs in the same sandbox, with the same limits, as the stored ones.
     */
    public <T> T trial(String productKey, String source, Function<PayloadScript, T> use) {
        if (source == null) {
            return use.apply(scriptOf(productKey));
        }
        try (PayloadScript script = engine().compile(source)) {
            return use.apply(script);
        }
    }

    public Optional<ProductScriptStore.StoredScript> get(String productKey) {
        return store.find(productKey);
    }

    public boolean delete(String productKey) {
        closeIfPresent(compiled.remove(productKey));
        return store.delete(productKey);
    }

    /** The compiled script of a product; 99404 when the product has none. */
    public PayloadScript scriptOf(String productKey) {
        long now = clock.millis();
        Compiled current = compiled.get(productKey);
        if (current != null && now - current.checkedAt() < RECHECK.toMillis()) {
            return current.script();
        }
        var stored = store.find(productKey).orElseThrow(() -> {
            closeIfPresent(compiled.remove(productKey));
            return new OpenEnosException(ErrorCode.PRODUCT_SCRIPT_NOT_FOUND,
                    "product " + productKey + " has no parsing script");
        });
        PayloadScript script = current != null && current.source().equals(stored.source())
                ? current.script() : engine().compile(stored.source());
        replace(productKey, new Compiled(stored.source(), script, now));
        return script;
    }

    /** A script replaced by another version keeps nothing for conversions (a conversion running on it finishes). */
    private void replace(String productKey, Compiled next) {
        Compiled previous = compiled.put(productKey, next);
        if (previous != null && previous.script() != next.script()) {
            previous.script().close();
        }
    }

    private static void closeIfPresent(Compiled c) {
        if (c != null) {
            c.script().close();
        }
    }

    /** True once the engine was built (it is not at start-up). */
    public boolean engineStarted() {
        return engine != null;
    }

    @Override
    public void close() throws Exception {
        compiled.values().forEach(ProductScripts::closeIfPresent);
        compiled.clear();
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private PayloadScriptEngine engine() {
        PayloadScriptEngine built = engine;
        if (built == null) {
            synchronized (this) {
                built = engine;
                if (built == null) {
                    built = engineFactory.get();
                    engine = built;
                }
            }
        }
        return built;
    }
}
