package org.openenos.batch.sql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * {@code rollups(asset_id, point_id, granularity, ts, cnt, avg_value, sum_value, min_value, max_value, first_value,
 * last_value)}: the numeric aggregates of one organization's series in UTC-aligned windows of {@code 1m},
 * {@code 10m}, {@code 1h} or {@code 1d}, one row per window with values, {@code ts} its start. Read through the
 * store's aggregate path, which answers from its rollup tables where they cover the range (ADR 0061), so a month of
 * daily KPIs reads about 30 rows per series instead of the raw values. A window is listed when its start lies in
 * the query's window; it aggregates the whole window. Queries must filter on {@code granularity}; filters on
 * {@code asset_id}, {@code point_id} and {@code ts} narrow what is read, and only the selected columns' functions
 * are asked for.
 */
final class RollupsTable extends AbstractTable implements ProjectableFilterableTable {
    private static final int ASSET = 0;
    private static final int POINT = 1;
    private static final int GRANULARITY = 2;
    private static final int TS = 3;
    private static final int FIRST_AGGREGATE = 4;
    private static final List<String> AGGREGATE_COLUMNS = List.of("cnt", "avg_value", "sum_value", "min_value",
            "max_value", "first_value", "last_value");
    private static final List<AggregateFunction> FUNCTIONS = List.of(AggregateFunction.COUNT, AggregateFunction.AVG,
            AggregateFunction.SUM, AggregateFunction.MIN, AggregateFunction.MAX, AggregateFunction.FIRST,
            AggregateFunction.LAST);
    static final Map<String, Long> GRANULARITIES = granularities();
    private final OrgSeries orgSeries;
    private final TimeSeriesStore store;
    private final long from;
    private final long to;
    private final long maxRows;
    private final Runnable checkStop;
    private final ScanStats stats;

    RollupsTable(OrgSeries orgSeries, TimeSeriesStore store, long from, long to, long maxRows, Runnable checkStop,
                 ScanStats stats) {
        this.orgSeries = orgSeries;
        this.store = store;
        this.from = from;
        this.to = to;
        this.maxRows = maxRows;
        this.checkStop = checkStop;
        this.stats = stats;
    }

    private static Map<String, Long> granularities() {
        Map<String, Long> g = new LinkedHashMap<>();
        g.put("1m", 60_000L);
        g.put("10m", 600_000L);
        g.put("1h", 3_600_000L);
        g.put("1d", 86_400_000L);
        return Map.copyOf(g);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        var b = f.builder().add("asset_id", SqlTypeName.VARCHAR).add("point_id", SqlTypeName.VARCHAR)
                .add("granularity", SqlTypeName.VARCHAR).add("ts", SqlTypeName.TIMESTAMP, 3)
                .add("cnt", f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true));
        for (String c : AGGREGATE_COLUMNS.subList(1, AGGREGATE_COLUMNS.size())) {
            b.add(c, f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        int columnCount = FIRST_AGGREGATE + AGGREGATE_COLUMNS.size();
        SeriesFilter filter = SeriesFilter.of(filters, columnCount, Set.of(ASSET, POINT, GRANULARITY), TS, from, to);
        Set<String> granularities = filter.values(GRANULARITY);
        if (granularities == null) {
            throw new IllegalArgumentException("a query on rollups must choose the granularity, e.g. WHERE "
                    + "granularity = '1d' (1m, 10m, 1h, 1d)");
        }
        for (String g : granularities) {
            if (!GRANULARITIES.containsKey(g)) {
                throw new IllegalArgumentException("unknown rollup granularity '" + g + "' (1m, 10m, 1h, 1d)");
            }
        }
        int[] columns = projects == null ? java.util.stream.IntStream.range(0, columnCount).toArray() : projects;
        Set<AggregateFunction> needed = EnumSet.noneOf(AggregateFunction.class);
        for (int c : columns) {
            if (c >= FIRST_AGGREGATE) {
                needed.add(FUNCTIONS.get(c - FIRST_AGGREGATE));
            }
        }
        if (needed.isEmpty()) {
            needed.add(AggregateFunction.COUNT); // COUNT(*) and key-only queries still need the windows
        }
        List<SeriesKey> series = filter.empty() ? List.of()
                : orgSeries.select(filter.values(ASSET), filter.values(POINT));
        stats.seriesRead(series.size());
        List<Object[]> rows = new ArrayList<>();
        for (String g : granularities.stream().sorted().toList()) {
            long width = GRANULARITIES.get(g);
            long start = Math.ceilDiv(filter.from(), width) * width;
            long end = Math.ceilDiv(filter.to(), width) * width;
            if (end <= start) {
                continue;
            }
            // one store call per point for all selected assets and functions
            Map<String, List<String>> assetsByPoint = new LinkedHashMap<>();
            for (SeriesKey s : series) {
                assetsByPoint.computeIfAbsent(s.pointId(), p -> new ArrayList<>()).add(s.assetId());
            }
            for (var point : assetsByPoint.entrySet()) {
                checkStop.run();
                Map<String, TreeMap<Long, Double[]>> windows = new LinkedHashMap<>();
                point.getValue().forEach(a -> windows.put(a, new TreeMap<>()));
                // all the selected functions in one store call: engines read the rollups once for all of them
                var byFunction = store.aggregateAll(orgSeries.orgId(), point.getValue(), point.getKey(), start, end,
                        width, needed);
                for (var ofFunction : byFunction.entrySet()) {
                    int slot = FUNCTIONS.indexOf(ofFunction.getKey());
                    for (var e : ofFunction.getValue().entrySet()) {
                        stats.valuesRead(e.getValue().size());
                        TreeMap<Long, Double[]> ofAsset = windows.get(e.getKey());
                        if (ofAsset == null) {
                            continue; // an engine never answers for assets it was not asked about; be safe
                        }
                        for (AggregateBucket b : e.getValue()) {
                            ofAsset.computeIfAbsent(b.windowStart(), k -> new Double[FUNCTIONS.size()])[slot] =
                                    b.value();
                        }
                    }
                }
                for (var asset : windows.entrySet()) {
                    SeriesKey s = new SeriesKey(orgSeries.orgId(), asset.getKey(), point.getKey());
                    for (var w : asset.getValue().entrySet()) {
                        if (rows.size() >= maxRows) {
                            throw new IllegalStateException("the rollups selected hold more than " + maxRows
                                    + " windows: narrow the window or raise the task's maxRows");
                        }
                        rows.add(row(columns, s, g, w.getKey(), w.getValue()));
                    }
                }
            }
        }
        return Linq4j.asEnumerable(rows);
    }

    private static Object[] row(int[] columns, SeriesKey s, String granularity, long start, Double[] values) {
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            int c = columns[i];
            row[i] = switch (c) {
                case ASSET -> s.assetId();
                case POINT -> s.pointId();
                case GRANULARITY -> granularity;
                case TS -> start;
                case FIRST_AGGREGATE -> values[0] == null ? null : values[0].longValue();
                default -> values[c - FIRST_AGGREGATE];
            };
        }
        return row;
    }
}
