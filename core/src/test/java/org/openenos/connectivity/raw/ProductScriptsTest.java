package org.openenos.connectivity.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.TopicKind;

class ProductScriptsTest {
    private final AtomicInteger enginesBuilt = new AtomicInteger();
    private final AtomicInteger compiled = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** Pure logic: a "script" that echoes; a source starting with "bad" does not compile. */
    private PayloadScriptEngine fakeEngine() {
        enginesBuilt.incrementAndGet();
        return source -> {
            if (source.startsWith("bad")) {
                throw OpenEnosException.badArgument("script: does not compile");
            }
            compiled.incrementAndGet();
            return new PayloadScript() {
                @Override
                public String toProtocol(byte[] raw) {
                    return new String(raw, StandardCharsets.UTF_8);
                }

                @Override
                public byte[] toRaw(String json) {
                    return (source + json).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        };
    }

    @Test
    void theEngineIsBuiltOnFirstUseAndAScriptThatDoesNotCompileLeavesTheStoredOne() {
        var store = new InMemoryProductScriptStore();
        var scripts = new ProductScripts(store, this::fakeEngine, Clock.systemUTC());
        assertThat(scripts.engineStarted()).isFalse();
        assertThat(enginesBuilt).hasValue(0);

        scripts.set("org", "pk", "v1");
        assertThatThrownBy(() -> scripts.set("org", "pk", "bad(")).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("does not compile");
        assertThat(store.find("pk")).get().extracting(ProductScriptStore.StoredScript::source).isEqualTo("v1");
        assertThat(new String(scripts.scriptOf("pk").toRaw("{}"), StandardCharsets.UTF_8)).isEqualTo("v1{}");
        assertThat(enginesBuilt).hasValue(1);
        assertThat(compiled).as("compiled once, then reused").hasValue(1);

        assertThat(scripts.delete("pk")).isTrue();
        assertThatThrownBy(() -> scripts.scriptOf("pk")).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("no parsing script");
    }

    @Test
    void aConvertedRequestTakesTheTopicOfItsMethodEventsIncluded() {
        assertThat(RawPayloads.routeOf("thing.measurepoint.post", "pk", "dk")).get()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(TopicKind.MEASUREPOINT_POST));
        assertThat(RawPayloads.routeOf("thing.event.overheat.post", "pk", "dk")).get()
                .satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(TopicKind.EVENT_POST);
                    assertThat(r.id()).isEqualTo("overheat");
                });
        assertThat(RawPayloads.routeOf("thing.service.reboot", "pk", "dk")).isEmpty();
        assertThat(RawPayloads.routeOf(null, "pk", "dk")).isEmpty();
    }

    @Test
    void aReplacedDeletedOrTriedScriptIsClosedAndTheStoredOneIsNot() {
        var scripts = new ProductScripts(new InMemoryProductScriptStore(), this::fakeEngine, Clock.systemUTC());
        scripts.set("org", "pk", "v1");
        scripts.set("org", "pk", "v2");
        assertThat(closed).as("v1 replaced").hasValue(1);
        String tried = scripts.<String>trial("pk", "v3",
                script -> new String(script.toRaw("!"), StandardCharsets.UTF_8));
        assertThat(tried).isEqualTo("v3!");
        assertThat(closed).as("the trial script").hasValue(2);
        assertThat(scripts.<String>trial("pk", null,
                script -> new String(script.toRaw("!"), StandardCharsets.UTF_8)))
                .as("without a source the stored script runs").isEqualTo("v2!");
        assertThat(closed).as("the stored script stays open").hasValue(2);
        scripts.delete("pk");
        assertThat(closed).hasValue(3);
    }
}
