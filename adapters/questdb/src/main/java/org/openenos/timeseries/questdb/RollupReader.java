package org.openenos.timeseries.questdb;

import org.openenos.timeseries.WindowPartial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;

/**
 * Aggregate queries answered from rollups where they can be: when the window width is a multiple of a rollup level's
 * width and the first window starts on that level's grid, the coarsest such level answers the part of the range that
 * is rolled up (below its watermark, not dirty), and the raw table the rest (the still open windows, or a range with
 * late values not yet recomputed). Both parts reduce to {@link WindowPartial}s that are merged in time order, so the answer
 * equals the raw aggregate. Windows in an asset's timezone start at a whole hour for most zones, so hourly rollups
 * serve them; daily rollups serve UTC days.
 */
final class RollupReader {
    private record Row(long ts, long count, double sum, double min, double max, double first, double last, long rev) {
    }

    private static final Comparator<Row> BY_TIME_THEN_REVISION =
            Comparator.comparingLong(Row::ts).thenComparingLong(Row::rev);

    private final StatementCache statements;
    private final RollupState state;
    private final QuestDbReader raw;

    RollupReader(StatementCache statements, RollupState state, QuestDbReader raw) {
        this.statements = statements;
        this.state = state;
        this.raw = raw;
    }

    static RollupLevel levelFor(long from, long interval) {
        RollupLevel best = null;
        if (interval <= 0) {
            return null;
        }
        for (RollupLevel level : RollupLevel.values()) {
            if (interval % level.width == 0 && Math.floorMod(from, level.width) == 0) {
                best = level;
            }
        }
        return best;
    }

    /** The aggregate, or null when no rollup can help (the caller then reads raw values only). */
    Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                 long to, long interval, AggregateFunction fn) {
        var all = aggregateAll(orgId, assetIds, pointId, from, to, interval, java.util.EnumSet.of(fn));
        return all == null ? null : all.get(fn);
    }

    /**
     * Several functions over the same windows from one read of the rollup rows (each row holds count, sum, min, max,
     * first and last), or null when no rollup can help.
     */
    Map<AggregateFunction, Map<String, List<AggregateBucket>>> aggregateAll(String orgId, List<String> assetIds,
            String pointId, long from, long to, long interval, java.util.Set<AggregateFunction> functions) {
        RollupLevel level = levelFor(from, interval);
        if (level == null || assetIds.isEmpty()) {
            return null;
        }
        long end = Math.min(Math.min(level.floor(to), state.watermark(level)),
                level.floor(state.firstDirty(assetIds, from)));
        if (end <= from) {
            return null;
        }
        var windows = new HashMap<String, TreeMap<Long, WindowPartial>>();
        assetIds.forEach(a -> windows.put(a, new TreeMap<>()));
        readRollups(level, orgId, assetIds, pointId, from, end).forEach((asset, rows) -> {
            TreeMap<Long, WindowPartial> byWindow = windows.get(asset);
            for (Row r : rows) {
                byWindow.computeIfAbsent((r.ts() - from) / interval, k -> new WindowPartial())
                        .add(r.count(), r.sum(), r.min(), r.max(), r.first(), r.last());
            }
        });
        if (end < to) {
            raw.partials(orgId, assetIds, pointId, end, to, from, interval, (asset, k, p) ->
                    windows.get(asset).computeIfAbsent(k, x -> new WindowPartial())
                            .add(p.count, p.sum, p.min, p.max, p.first, p.last));
        }
        var result = new java.util.EnumMap<AggregateFunction, Map<String, List<AggregateBucket>>>(
                AggregateFunction.class);
        for (AggregateFunction fn : functions) {
            var ofFunction = new LinkedHashMap<String, List<AggregateBucket>>();
            for (String asset : assetIds) {
                var buckets = new ArrayList<AggregateBucket>();
                windows.get(asset).forEach((k, p) -> buckets.add(new AggregateBucket(from + k * interval,
                        p.value(fn))));
                ofFunction.put(asset, buckets);
            }
            result.put(fn, ofFunction);
        }
        return result;
    }

    /** Rollup rows per asset in time order, one per window: of repeated windows (late data) the highest revision. */
    private Map<String, List<Row>> readRollups(RollupLevel level, String orgId, List<String> assetIds, String pointId,
                                               long from, long end) {
        var rows = new HashMap<String, List<Row>>();
        var in = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < assetIds.size(); i++) {
            in.add(QuestDbReader.literalOr(assetIds.get(i), "$" + (i + 6)));
        }
        String sql = "SELECT asset, ts, cnt, total, low, high, first_v, last_v, rev FROM " + level.table
                + " WHERE asset IN " + in + " AND " + QuestDbReader.symbolFilters(pointId, orgId)
                + " AND ts >= $4 AND ts < $5";
        statements.query(sql, ctx -> {
            var vars = ctx.getBindVariableService();
            vars.setStr(0, "");
            vars.setStr(1, pointId);
            vars.setStr(2, orgId);
            vars.setTimestamp(3, from * 1000);
            vars.setTimestamp(4, end * 1000);
            for (int i = 0; i < assetIds.size(); i++) {
                vars.setStr(i + 5, assetIds.get(i));
            }
        }, r -> rows.computeIfAbsent(r.getSymA(0).toString(), a -> new ArrayList<>()).add(new Row(
                r.getTimestamp(1) / 1000, r.getLong(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                r.getDouble(6), r.getDouble(7), r.getLong(8))));
        rows.replaceAll((asset, list) -> latestRevisions(list));
        return rows;
    }

    private static List<Row> latestRevisions(List<Row> rows) {
        boolean sorted = true;
        for (int i = 1; i < rows.size() && sorted; i++) {
            sorted = BY_TIME_THEN_REVISION.compare(rows.get(i - 1), rows.get(i)) <= 0;
        }
        if (!sorted) {
            rows.sort(BY_TIME_THEN_REVISION);
        }
        var result = new ArrayList<Row>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (i + 1 < rows.size() && rows.get(i + 1).ts() == rows.get(i).ts()) {
                continue; // a later revision of the same window follows
            }
            result.add(rows.get(i));
        }
        return result;
    }
}
