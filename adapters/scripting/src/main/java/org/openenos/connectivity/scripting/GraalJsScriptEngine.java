package org.openenos.connectivity.scripting;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.openenos.connectivity.raw.PayloadScript;
import org.openenos.connectivity.raw.PayloadScriptEngine;
import org.openenos.error.OpenEnosException;

/**
 * Parsing scripts in GraalJS (ADR 0044). Each conversion runs in a fresh context of one shared engine (compiled code
 * is shared, state is not) that has no host, file, network, process, thread or environment access; a watchdog
 * cancels it after {@code timeout}, and a statement limit bounds its work (a loop that allocates is stopped too).
 * Bytes cross the boundary as hex strings and JSON as text, so a script never touches a host object. A script
 * defines {@code rawDataToProtocol(bytes)} (bytes: an array of numbers 0–255; returns an EnOS message object) and
 * {@code protocolToRawData(message)} (returns an array of numbers 0–255), as EnOS parsing scripts do.
 */
public final class GraalJsScriptEngine implements PayloadScriptEngine, AutoCloseable {
    private static final String GLUE = """
            (function (global) {
              function check(b) {
                if (!Array.isArray(b) && !(b instanceof Uint8Array)) { throw new TypeError('expected an array of bytes'); }
                var out = '';
                for (var i = 0; i < b.length; i++) {
                  var v = b[i];
                  if (typeof v !== 'number' || v < -128 || v > 255 || v !== Math.floor(v)) {
                    throw new RangeError('byte ' + i + ' is not a byte: ' + v);
                  }
                  var h = (v & 0xff).toString(16); out += h.length === 1 ? '0' + h : h;
                }
                return out;
              }
              global.__openenosUp = function (hex) {
                var bytes = new Array(hex.length / 2);
                for (var i = 0; i < bytes.length; i++) { bytes[i] = parseInt(hex.substr(i * 2, 2), 16); }
                return JSON.stringify(rawDataToProtocol(bytes));
              };
              global.__openenosDown = function (json) { return check(protocolToRawData(JSON.parse(json))); };
            })(this);
            """;
    private final Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("payload-script-watchdog").factory());
    private final Source glue = Source.create("js", GLUE);
    private final Duration timeout;
    private final long statementLimit;
    private final ResourceLimits limits;

    public GraalJsScriptEngine(Duration timeout, long statementLimit) {
        this.timeout = timeout;
        this.statementLimit = statementLimit;
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        // the first context of an engine pays its start-up (seconds on a cold JVM): paid here, not by a time limit
        try (Context warm = newContext()) {
            warm.eval("js", "JSON.stringify([1])");
        }
    }

    @Override
    public PayloadScript compile(String script) {
        if (script == null || script.isBlank()) {
            throw OpenEnosException.badArgument("script: is required");
        }
        Source source = Source.newBuilder("js", script, "parsing-script.js").buildLiteral();
        run(source, context -> {
            Value bindings = context.getBindings("js");
            for (String function : new String[]{"rawDataToProtocol", "protocolToRawData"}) {
                if (!bindings.hasMember(function) || !bindings.getMember(function).canExecute()) {
                    throw OpenEnosException.badArgument("script: function " + function + " is missing");
                }
            }
            return null;
        });
        return new Script(source);
    }

    private final class Script implements PayloadScript {
        private final Source source;

        Script(Source source) {
            this.source = source;
        }

        @Override
        public String toProtocol(byte[] raw) {
            return run(source, context -> context.getBindings("js").getMember("__openenosUp")
                    .execute(HexFormat.of().formatHex(raw)).asString());
        }

        @Override
        public byte[] toRaw(String json) {
            return HexFormat.of().parseHex(run(source, context -> context.getBindings("js")
                    .getMember("__openenosDown").execute(json).asString()));
        }
    }

    private <T> T run(Source script, Function<Context, T> call) {
        try (Context context = newContext()) {
            ScheduledFuture<?> cancel = watchdog.schedule(() -> context.close(true), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                context.eval(script);
                context.eval(glue);
                return call.apply(context);
            } finally {
                cancel.cancel(false);
            }
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() || e.isInterrupted()) {
                throw OpenEnosException.badArgument("parsing script stopped: it ran longer than " + timeout.toMillis()
                        + " ms or " + statementLimit + " statements");
            }
            throw OpenEnosException.badArgument("parsing script failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            // a context closed by the watchdog while being set up or closed
            throw OpenEnosException.badArgument("parsing script stopped after " + timeout.toMillis() + " ms");
        }
    }

    /** Every context of the engine is built alike: contexts that share an engine must agree on their limits. */
    private Context newContext() {
        // the builder's defaults deny host class lookup, polyglot access, threads, processes and native code; host
        // objects, I/O and the environment are closed explicitly
        return Context.newBuilder("js").engine(engine)
                .allowHostAccess(HostAccess.NONE).allowIO(IOAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .resourceLimits(limits)
                .build();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        engine.close();
    }
}
