package org.openenos.timeseries.questdb;

import org.openenos.timeseries.WindowPartial;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContext;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;

/**
 * The store's queries. Ids travel as bind variables or, where their shape makes it safe, as quoted literals (see
 * {@link #symbolFilters}); numbers always travel as bind variables, so statement texts repeat and their compiled
 * forms are pooled in a {@link StatementCache}.
 */
final class QuestDbReader implements AutoCloseable {
    /** Ids that may appear as SQL literals: a literal symbol is compared by its integer key, a bind variable as text. */
    private static final Pattern LITERAL_SAFE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    interface PartialSink {
        void accept(String assetId, long window, WindowPartial partial);
    }

    private record Part(String asset, long window, WindowPartial partial) {
    }

    private final StatementCache statements;
    private final CompactedDayReads compacted;

    QuestDbReader(CairoEngine engine, DayFiles dayFiles) {
        this.statements = new StatementCache(engine);
        this.compacted = new CompactedDayReads(this, dayFiles);
    }

    /*
     * Raw reads: a range without compacted days is one statement on the table, as before; with compacted days the
     * day files take part (CompactedDayReads). Either way a read that raced with compaction or retention is redone.
     */

    List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
        return compacted.consistent(() -> compacted.files().within(from, to).isEmpty()
                ? tableRange(s, from, to, limit, descending) : compacted.range(s, from, to, limit, descending));
    }

    Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                 long to, long interval, AggregateFunction fn) {
        return compacted.consistent(() -> compacted.files().within(from, to).isEmpty()
                ? tableAggregate(orgId, assetIds, pointId, from, to, interval, fn)
                : compacted.aggregate(orgId, assetIds, pointId, from, to, interval, fn));
    }

    /**
     * The {@link WindowPartial}s of the raw values in {@code [from, to)} per asset and window {@code k} of the grid
     * {@code origin + k*interval}: the raw part of an aggregate that rollups answer up to {@code from}.
     */
    void partials(String orgId, List<String> assetIds, String pointId, long from, long to, long origin, long interval,
                  PartialSink sink) {
        // the sink sees rows as they come: collected first, so that a redone read does not repeat them
        var rows = new ArrayList<Part>();
        PartialSink collect = (a, k, p) -> {
            var copy = new WindowPartial();
            copy.add(p.count, p.sum, p.min, p.max, p.first, p.last);
            rows.add(new Part(a, k, copy));
        };
        compacted.consistent(() -> {
            rows.clear();
            if (compacted.files().within(from, to).isEmpty()) {
                tablePartials(orgId, assetIds, pointId, from, to, origin, interval, collect);
            } else {
                compacted.partials(orgId, assetIds, pointId, from, to, origin, interval, collect);
            }
            return rows;
        });
        rows.forEach(r -> sink.accept(r.asset(), r.window(), r.partial()));
    }

    void forEachLatest(Consumer<MeasurePointValue> sink) {
        var all = new ArrayList<MeasurePointValue>();
        compacted.consistent(() -> {
            all.clear();
            compacted.forEachLatest(all::add);
            return all;
        });
        all.forEach(sink);
    }

    StatementCache statements() {
        return statements;
    }

    static SqlExecutionContext context(CairoEngine engine) {
        return new SqlExecutionContextImpl(engine, 1)
                .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(engine.getConfiguration()));
    }

    /**
     * A context for a statement over a time range of the raw table: {@code $1} and {@code $2} bound to
     * {@code [from, to)} (milliseconds) and, when {@code asset} is not null, {@code $3} to the asset.
     */
    static SqlExecutionContext rangeContext(CairoEngine engine, long from, long to, String asset) throws SqlException {
        var ctx = context(engine);
        var vars = ctx.getBindVariableService();
        vars.setTimestamp(0, from * 1000);
        vars.setTimestamp(1, to * 1000);
        if (asset != null) {
            vars.setStr(2, asset);
        }
        return ctx;
    }

    List<MeasurePointValue> tableRange(SeriesKey s, long from, long to, int limit, boolean descending) {
        var values = new ArrayList<MeasurePointValue>(Math.min(limit, 10_000));
        String sql = "SELECT ts, kind, num, txt, quality FROM point_values WHERE asset = $1 AND "
                + symbolFilters(s.pointId(), s.orgId()) + " AND ts >= $4 AND ts < $5 ORDER BY ts"
                + (descending ? " DESC" : "") + " LIMIT $6";
        statements.query(sql, ctx -> {
            bindSeries(ctx, s.pointId(), s.orgId(), from, to);
            ctx.getBindVariableService().setStr(0, s.assetId());
            ctx.getBindVariableService().setLong(5, limit);
        }, r -> values.add(new MeasurePointValue(s.orgId(), null, s.assetId(),
                s.pointId(), r.getTimestamp(0) / 1000, ValueColumns.value(r.getByte(1), r.getDouble(2), r.getStrA(3)),
                quality(r.getInt(4)))));
        return values;
    }

    /**
     * One statement for all assets: {@code asset IN (…)} walks the asset index once per asset inside the engine, and
     * the grouping by (asset, window) happens in one pass instead of one compiled statement per asset.
     */
    Map<String, List<AggregateBucket>> tableAggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                      long to, long interval, AggregateFunction fn) {
        var byAsset = new LinkedHashMap<String, List<AggregateBucket>>();
        assetIds.forEach(a -> byAsset.put(a, new ArrayList<>()));
        if (assetIds.isEmpty()) {
            return byAsset;
        }
        var in = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < assetIds.size(); i++) {
            // Literal symbols let the engine resolve the list to keys and walk the asset index once per key.
            in.add(literalOr(assetIds.get(i), "$" + (i + 8)));
        }
        // Windows are aligned to 'from': bucket k holds [from + k*interval, from + (k+1)*interval).
        String sql = "SELECT asset, k, v FROM (SELECT asset, (cast(ts AS long) - $6) / $7 AS k, "
                + fn.name().toLowerCase(Locale.ROOT) + "(num) AS v FROM point_values WHERE asset IN " + in
                + " AND " + symbolFilters(pointId, orgId) + " AND ts >= $4 AND ts < $5 AND num != NaN) ORDER BY asset, k";
        statements.query(sql, ctx -> {
            var vars = ctx.getBindVariableService();
            vars.setStr(0, "");
            bindSeries(ctx, pointId, orgId, from, to);
            vars.setLong(5, from * 1000);
            vars.setLong(6, interval * 1000);
            for (int i = 0; i < assetIds.size(); i++) {
                vars.setStr(i + 7, assetIds.get(i));
            }
        }, r -> {
            List<AggregateBucket> buckets = byAsset.get(str(r.getSymA(0)));
            double v = fn == AggregateFunction.COUNT ? r.getLong(2) : r.getDouble(2);
            buckets.add(new AggregateBucket(from + r.getLong(1) * interval, v));
        });
        return byAsset;
    }

    /** {@link #partials} from the table alone. */
    void tablePartials(String orgId, List<String> assetIds, String pointId, long from, long to, long origin,
                       long interval, PartialSink sink) {
        var in = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < assetIds.size(); i++) {
            in.add(literalOr(assetIds.get(i), "$" + (i + 8)));
        }
        String sql = "SELECT asset, k, count() c, sum(num) s, min(num) lo, max(num) hi, first(num) f, last(num) l FROM"
                + " (SELECT asset, (cast(ts AS long) - $6) / $7 AS k, num FROM point_values WHERE asset IN " + in
                + " AND " + symbolFilters(pointId, orgId) + " AND ts >= $4 AND ts < $5 AND num != NaN)";
        var partial = new WindowPartial();
        statements.query(sql, ctx -> {
            var vars = ctx.getBindVariableService();
            vars.setStr(0, "");
            bindSeries(ctx, pointId, orgId, from, to);
            vars.setLong(5, origin * 1000);
            vars.setLong(6, interval * 1000);
            for (int i = 0; i < assetIds.size(); i++) {
                vars.setStr(i + 7, assetIds.get(i));
            }
        }, r -> {
            partial.count = r.getLong(2);
            partial.sum = r.getDouble(3);
            partial.min = r.getDouble(4);
            partial.max = r.getDouble(5);
            partial.first = r.getDouble(6);
            partial.last = r.getDouble(7);
            sink.accept(str(r.getSymA(0)), r.getLong(1), partial);
        });
    }

    /**
     * The point and org conditions. Ids of the usual shape are written as quoted literals so that the engine resolves
     * them to symbol keys once and compares integers on every row; anything else stays a bind variable (compared as
     * text), so no id ever changes the statement's meaning. Either way the statement text repeats for the same
     * series and its compiled form is reused.
     */
    static String symbolFilters(String pointId, String orgId) {
        return "point = " + literalOr(pointId, "$2") + " AND org = " + literalOr(orgId, "$3");
    }

    static String literalOr(String id, String bindVariable) {
        return LITERAL_SAFE.matcher(id).matches() ? "'" + id + "'" : bindVariable;
    }

    void tableLatest(Consumer<MeasurePointValue> sink) {
        String sql = "SELECT ts, org, asset, point, kind, num, txt, quality FROM point_values"
                + " LATEST ON ts PARTITION BY org, asset, point";
        statements.query(sql, ctx -> { }, r -> sink.accept(new MeasurePointValue(str(r.getSymA(1)), null, str(r.getSymA(2)),
                str(r.getSymA(3)), r.getTimestamp(0) / 1000, ValueColumns.value(r.getByte(4), r.getDouble(5),
                r.getStrA(6)), quality(r.getInt(7)))));
    }

    private static void bindSeries(SqlExecutionContext ctx, String pointId, String orgId, long from, long to)
            throws SqlException {
        var vars = ctx.getBindVariableService();
        vars.setStr(1, pointId);
        vars.setStr(2, orgId);
        vars.setTimestamp(3, from * 1000);
        vars.setTimestamp(4, to * 1000);
    }

    @Override
    public void close() {
        statements.close();
    }

    private static Integer quality(int q) {
        return q == Integer.MIN_VALUE ? null : q;
    }

    private static String str(CharSequence cs) {
        return cs == null ? null : cs.toString();
    }
}
