package org.openenos.batch.sql;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * {@code history(asset_id, point_id, ts, num_value, str_value)}: the raw values of one organization within the
 * query's window, read series by series from the store where they live. Filters on {@code asset_id},
 * {@code point_id} and {@code ts} choose the series and the time range the store is asked for, so a query on one
 * asset reads that asset only. Only the organization's assets and their models' points are listed, so another
 * organization's rows cannot be named; a scan beyond the value limit fails rather than filling the heap.
 */
final class HistoryTable extends AbstractTable implements ProjectableFilterableTable {
    static final int ASSET = 0;
    static final int POINT = 1;
    static final int TS = 2;
    private static final int COLUMNS = 5;
    /** How many values are read between two checks for a cancel or time-out. */
    private static final int CHECK_EVERY = 4096;
    private final OrgSeries orgSeries;
    private final TimeSeriesStore store;
    private final long from;
    private final long to;
    private final long maxValues;
    private final Runnable checkStop;
    private final ScanStats stats;

    HistoryTable(OrgSeries orgSeries, TimeSeriesStore store, long from, long to, long maxValues, Runnable checkStop,
                 ScanStats stats) {
        this.orgSeries = orgSeries;
        this.store = store;
        this.from = from;
        this.to = to;
        this.maxValues = maxValues;
        this.checkStop = checkStop;
        this.stats = stats;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        return f.builder()
                .add("asset_id", SqlTypeName.VARCHAR)
                .add("point_id", SqlTypeName.VARCHAR)
                .add("ts", SqlTypeName.TIMESTAMP, 3)
                .add("num_value", f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true))
                .add("str_value", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
                .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        SeriesFilter filter = SeriesFilter.of(filters, COLUMNS, Set.of(ASSET, POINT), TS, from, to);
        List<SeriesKey> series = filter.empty() ? List.of()
                : orgSeries.select(filter.values(ASSET), filter.values(POINT));
        stats.seriesRead(series.size());
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        int[] columns = projects == null ? new int[] {0, 1, 2, 3, 4} : projects;
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return Linq4j.iterableEnumerator(() -> new Rows(series.iterator(), filter, columns, cancel));
            }
        };
    }

    private final class Rows implements Iterator<Object[]> {
        private final Iterator<SeriesKey> series;
        private final SeriesFilter filter;
        private final int[] columns;
        private final AtomicBoolean cancel;
        private Iterator<MeasurePointValue> current = Collections.emptyIterator();
        private long produced;

        Rows(Iterator<SeriesKey> series, SeriesFilter filter, int[] columns, AtomicBoolean cancel) {
            this.series = series;
            this.filter = filter;
            this.columns = columns;
            this.cancel = cancel;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && series.hasNext()) {
                stop();
                int limit = (int) Math.min(Integer.MAX_VALUE, maxValues - produced + 1);
                List<MeasurePointValue> values = store.range(series.next(), filter.from(), filter.to(), limit, false);
                stats.valuesRead(values.size());
                current = values.iterator();
            }
            return current.hasNext();
        }

        private void stop() {
            checkStop.run();
            if (cancel != null && cancel.get()) {
                throw new IllegalStateException("the query was canceled");
            }
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (++produced > maxValues) {
                throw new IllegalStateException("the history window holds more than " + maxValues
                        + " values: narrow the window or raise the task's maxRows");
            }
            if (produced % CHECK_EVERY == 0) {
                stop();
            }
            MeasurePointValue v = current.next();
            Object value = v.value();
            Object[] row = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = switch (columns[i]) {
                    case ASSET -> v.assetId();
                    case POINT -> v.pointId();
                    case TS -> v.time();
                    case 3 -> value instanceof Number n ? n.doubleValue()
                            : value instanceof Boolean b ? (b ? 1.0 : 0.0) : null;
                    default -> value == null || value instanceof Number ? null : value.toString();
                };
            }
            return row;
        }
    }
}
