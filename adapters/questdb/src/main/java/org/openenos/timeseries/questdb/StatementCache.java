package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.sql.TableReferenceOutOfDateException;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContext;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * Compiled statements, pooled by SQL text. Compiling a statement costs more than running a point query, and the SQL
 * of every query here is constant (all varying parts are bind variables), so each text is compiled once per
 * concurrent user. A compiled factory and its execution context serve one cursor at a time, hence a pool per text
 * rather than one shared instance. A statement whose table changed shape underneath it is compiled anew.
 */
final class StatementCache implements AutoCloseable {
    interface Binder {
        void bind(SqlExecutionContext ctx) throws SqlException;
    }

    interface RowSink {
        void accept(Record record);
    }

    private record Prepared(SqlExecutionContext ctx, RecordCursorFactory factory) {
    }

    private final CairoEngine engine;
    private final Map<String, Queue<Prepared>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    StatementCache(CairoEngine engine) {
        this.engine = engine;
    }

    void query(String sql, Binder binder, RowSink sink) {
        Queue<Prepared> pool = pools.computeIfAbsent(sql, s -> new ConcurrentLinkedQueue<>());
        Prepared p = pool.poll();
        try {
            if (p == null) {
                p = compile(sql, binder);
            }
            try {
                run(p, binder, sink);
            } catch (TableReferenceOutOfDateException e) {
                p.factory().close();
                p = compile(sql, binder);
                run(p, binder, sink);
            }
        } catch (SqlException e) {
            if (p != null) {
                p.factory().close();
            }
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "time-series query failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (p != null) {
                p.factory().close();
            }
            throw e;
        }
        if (closed) {
            p.factory().close();
        } else {
            pool.offer(p);
        }
    }

    private Prepared compile(String sql, Binder binder) throws SqlException {
        SqlExecutionContext ctx = QuestDbReader.context(engine);
        // Binding before compiling fixes the bind variables' types the statement is compiled for.
        binder.bind(ctx);
        return new Prepared(ctx, engine.select(sql, ctx));
    }

    private static void run(Prepared p, Binder binder, RowSink sink) throws SqlException {
        binder.bind(p.ctx());
        try (RecordCursor cursor = p.factory().getCursor(p.ctx())) {
            Record record = cursor.getRecord();
            while (cursor.hasNext()) {
                sink.accept(record);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(pool -> {
            for (Prepared p; (p = pool.poll()) != null; ) {
                p.factory().close();
            }
        });
    }
}
