package org.openenos.connectivity.scripting;

import java.time.Duration;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * Parsing scripts in GraalJS (ADR 0044, contexts reused per ADR 0045). One engine holds the parsed code of every
 * script; each script version keeps a few prepared contexts (script wrapped, glue loaded, everything reachable
 * locked down) that conversions borrow one at a time, so a conversion costs the script's own work, not a new
 * context. Isolation: contexts are never shared between scripts; within one, every conversion runs the script's
 * top level afresh and finds the built-ins frozen and the global object reset (ADR 0045). A context has no host,
 * file, network, process, thread or environment access; a watchdog closes it after {@code timeout} (it is then
 * dropped) and a statement limit, reset before each conversion, bounds its work. A script defines
 * {@code rawDataToProtocol(bytes)} (bytes: an array of numbers 0–255; returns an EnOS message object) and
 * {@code protocolToRawData(message)} (returns an array of numbers 0–255), as EnOS parsing scripts do.
 */
public final class GraalJsScriptEngine implements PayloadScriptEngine, AutoCloseable {
    private final Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("payload-script-watchdog").factory());
    private final Duration timeout;
    private final long statementLimit;
    private final ResourceLimits limits;
    private final int maxIdleContexts;
    private final AtomicInteger idleContexts = new AtomicInteger();

    public GraalJsScriptEngine(Duration timeout, long statementLimit) {
        this(timeout, statementLimit, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** {@code maxIdleContexts}: prepared contexts kept between conversions, over all scripts. */
    public GraalJsScriptEngine(Duration timeout, long statementLimit, int maxIdleContexts) {
        this.timeout = timeout;
        this.statementLimit = statementLimit;
        this.maxIdleContexts = maxIdleContexts;
        // only the script's own statements count: the glue and the lock-down are the platform's work
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit,
                source -> SandboxSources.SCRIPT_NAME.equals(source.getName())).build();
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
        Script compiled = new Script(SandboxSources.wrapped(script));
        try {
            Prepared prepared = guarded(() -> compiled.prepare(SandboxSources.standalone(script)));
            String missing = compiled.call(prepared, () -> prepared.glue().invokeMember("missing",
                    prepared.factory()).asString());
            if (!missing.isEmpty()) {
                throw OpenEnosException.badArgument("script: function " + missing + " is missing");
            }
            return compiled;
        } catch (RuntimeException e) {
            compiled.close();
            throw e;
        }
    }

    /** Prepared contexts currently kept between conversions (over all scripts). */
    public int idleContexts() {
        return idleContexts.get();
    }

    /** A context ready for conversions of one script: its factory, the glue, and the reset of its global object. */
    private record Prepared(Context context, Value factory, Value glue, Value reset) {
    }

    private final class Script implements PayloadScript {
        private final Source wrapped;
        private final Deque<Prepared> idle = new ConcurrentLinkedDeque<>();
        private volatile boolean closed;

        Script(Source wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        public String toProtocol(byte[] raw) {
            Prepared p = borrow();
            return call(p, () -> p.glue().invokeMember("up", p.factory(), HexFormat.of().formatHex(raw)).asString());
        }

        @Override
        public byte[] toRaw(String json) {
            Prepared p = borrow();
            return HexFormat.of().parseHex(call(p, () -> p.glue().invokeMember("down", p.factory(), json)
                    .asString()));
        }

        private Prepared borrow() {
            Prepared p = idle.pollFirst();
            if (p != null) {
                idleContexts.decrementAndGet();
                return p;
            }
            return guarded(() -> prepare(null));
        }

        /** Builds a context for this script; {@code check}, when given, is parsed first to report syntax errors. */
        Prepared prepare(Source check) {
            Context context = newContext();
            try {
                if (check != null) {
                    context.parse(check);
                }
                Value factory = context.eval(wrapped);
                Value glue = context.eval(SandboxSources.GLUE);
                Value reset = context.eval(SandboxSources.LOCKDOWN).execute(factory, glue);
                return new Prepared(context, factory, glue, reset);
            } catch (RuntimeException e) {
                context.close(true);
                throw e;
            }
        }

        /** One conversion on a borrowed context, which goes back to the pool only when it is clean. */
        <T> T call(Prepared p, Supplier<T> conversion) {
            boolean reusable = false;
            try {
                T result = guarded(() -> {
                    p.context().resetLimits();
                    ScheduledFuture<?> cancel = watchdog.schedule(() -> p.context().close(true), timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
                    try {
                        return conversion.get();
                    } finally {
                        cancel.cancel(false);
                    }
                });
                reusable = resetQuietly(p);
                return result;
            } catch (OpenEnosException e) {
                reusable = e.getMessage().startsWith("parsing script failed") && resetQuietly(p);
                throw e;
            } finally {
                giveBack(p, reusable);
            }
        }

        private boolean resetQuietly(Prepared p) {
            try {
                return p.reset().execute().asBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }

        private void giveBack(Prepared p, boolean reusable) {
            if (reusable && !closed) {
                if (idleContexts.incrementAndGet() <= maxIdleContexts) {
                    idle.offerFirst(p);
                    if (closed && idle.remove(p)) { // closed meanwhile: nobody drains the pool again
                        idleContexts.decrementAndGet();
                        p.context().close(true);
                    }
                    return;
                }
                idleContexts.decrementAndGet();
            }
            p.context().close(true);
        }

        @Override
        public void close() {
            closed = true;
            for (Prepared p; (p = idle.pollFirst()) != null; ) {
                idleContexts.decrementAndGet();
                p.context().close(true);
            }
        }
    }

    /** Runs engine work, turning the engine's failures into the API's: 99400 with the script's own message. */
    private <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() || e.isInterrupted()) {
                throw OpenEnosException.badArgument("parsing script stopped: it ran longer than " + timeout.toMillis()
                        + " ms or " + statementLimit + " statements");
            }
            throw OpenEnosException.badArgument("parsing script failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            // a context closed by the watchdog while being entered or left
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
