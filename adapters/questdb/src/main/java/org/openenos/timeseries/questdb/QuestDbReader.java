package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContext;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;

/**
 * The store's queries. Ids travel as bind variables, never spliced into SQL; only numbers we computed are. Each call
 * gets its own execution context because contexts are not thread-safe.
 */
final class QuestDbReader {
    private static final String SERIES = " FROM point_values WHERE asset = $1 AND point = $2 AND org = $3"
            + " AND ts >= $4 AND ts < $5";

    record RowKey(String assetId, String pointId, long time) {
    }

    private interface RowSink {
        void accept(Record record);
    }

    private final CairoEngine engine;

    QuestDbReader(CairoEngine engine) {
        this.engine = engine;
    }

    static SqlExecutionContext context(CairoEngine engine) {
        return new SqlExecutionContextImpl(engine, 1)
                .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(engine.getConfiguration()));
    }

    List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
        var values = new ArrayList<MeasurePointValue>();
        String sql = "SELECT ts, kind, num, txt, quality" + SERIES + " ORDER BY ts" + (descending ? " DESC" : "")
                + " LIMIT " + limit;
        query(sql, bindSeries(s, from, to), r -> values.add(new MeasurePointValue(s.orgId(), null, s.assetId(),
                s.pointId(), r.getTimestamp(0) / 1000, ValueColumns.value(r.getByte(1), r.getDouble(2), r.getStrA(3)),
                quality(r.getInt(4)))));
        return values;
    }

    List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval, AggregateFunction fn) {
        // Windows are aligned to 'from': bucket k holds [from + k*interval, from + (k+1)*interval).
        String sql = "SELECT (cast(ts AS long) - " + from * 1000 + ") / " + interval * 1000 + " AS k, "
                + fn.name().toLowerCase(Locale.ROOT) + "(num) AS v" + SERIES + " AND num != NaN ORDER BY ts";
        String grouped = "SELECT k, v FROM (" + sql.replace(" ORDER BY ts", "") + ") ORDER BY k";
        var buckets = new ArrayList<AggregateBucket>();
        query(grouped, bindSeries(s, from, to), r -> {
            double v = fn == AggregateFunction.COUNT ? r.getLong(1) : r.getDouble(1);
            buckets.add(new AggregateBucket(from + r.getLong(0) * interval, v));
        });
        return buckets;
    }

    void forEachLatest(Consumer<MeasurePointValue> sink) {
        String sql = "SELECT ts, org, asset, point, kind, num, txt, quality FROM point_values"
                + " LATEST ON ts PARTITION BY org, asset, point";
        query(sql, ctx -> { }, r -> sink.accept(new MeasurePointValue(str(r.getSymA(1)), null, str(r.getSymA(2)),
                str(r.getSymA(3)), r.getTimestamp(0) / 1000, ValueColumns.value(r.getByte(4), r.getDouble(5),
                r.getStrA(6)), quality(r.getInt(7)))));
    }

    /** The (asset, point, time) keys of {@code values} that are already stored. */
    Set<RowKey> existingKeys(List<MeasurePointValue> values) {
        var rangeByAsset = new LinkedHashMap<String, long[]>();
        for (MeasurePointValue v : values) {
            rangeByAsset.merge(v.assetId(), new long[]{v.time(), v.time()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        var keys = new HashSet<RowKey>();
        for (Map.Entry<String, long[]> e : rangeByAsset.entrySet()) {
            String asset = e.getKey();
            query("SELECT point, ts FROM point_values WHERE asset = $1 AND ts >= $2 AND ts <= $3", ctx -> {
                ctx.getBindVariableService().setStr(0, asset);
                ctx.getBindVariableService().setTimestamp(1, e.getValue()[0] * 1000);
                ctx.getBindVariableService().setTimestamp(2, e.getValue()[1] * 1000);
            }, r -> keys.add(new RowKey(asset, str(r.getSymA(0)), r.getTimestamp(1) / 1000)));
        }
        return keys;
    }

    private interface Binder {
        void bind(SqlExecutionContext ctx) throws SqlException;
    }

    private static Binder bindSeries(SeriesKey s, long from, long to) {
        return ctx -> {
            var vars = ctx.getBindVariableService();
            vars.setStr(0, s.assetId());
            vars.setStr(1, s.pointId());
            vars.setStr(2, s.orgId());
            vars.setTimestamp(3, from * 1000);
            vars.setTimestamp(4, to * 1000);
        };
    }

    private void query(String sql, Binder binder, RowSink sink) {
        SqlExecutionContext ctx = context(engine);
        try {
            binder.bind(ctx);
            try (RecordCursorFactory factory = engine.select(sql, ctx);
                 RecordCursor cursor = factory.getCursor(ctx)) {
                Record record = cursor.getRecord();
                while (cursor.hasNext()) {
                    sink.accept(record);
                }
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "time-series query failed: " + e.getMessage(), e);
        }
    }

    private static Integer quality(int q) {
        return q == Integer.MIN_VALUE ? null : q;
    }

    private static String str(CharSequence cs) {
        return cs == null ? null : cs.toString();
    }
}
