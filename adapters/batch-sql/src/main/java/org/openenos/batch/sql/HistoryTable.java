package org.openenos.batch.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.openenos.batch.OrgCatalog;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * {@code history(asset_id, point_id, ts, num_value, str_value)}: the raw values of one organization within the
 * query's window, read series by series from the store where they live. Only the organization's assets and their
 * models' points are listed, so another organization's rows cannot be named; a scan beyond the row limit fails
 * rather than filling the heap.
 */
final class HistoryTable extends AbstractTable implements ScannableTable {
    private final String orgId;
    private final OrgCatalog catalog;
    private final TimeSeriesStore store;
    private final long from;
    private final long to;
    private final long maxRows;
    private final Runnable checkStop;

    HistoryTable(String orgId, OrgCatalog catalog, TimeSeriesStore store, long from, long to, long maxRows,
                 Runnable checkStop) {
        this.orgId = orgId;
        this.catalog = catalog;
        this.store = store;
        this.from = from;
        this.to = to;
        this.maxRows = maxRows;
        this.checkStop = checkStop;
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
    public Enumerable<Object[]> scan(DataContext root) {
        List<SeriesKey> series = new ArrayList<>();
        for (OrgCatalog.AssetRow a : catalog.assets(orgId)) {
            for (String point : catalog.measurePoints(orgId, a.modelId())) {
                series.add(new SeriesKey(orgId, a.assetId(), point));
            }
        }
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return Linq4j.iterableEnumerator(() -> new Rows(series.iterator()));
            }
        };
    }

    private final class Rows implements Iterator<Object[]> {
        private final Iterator<SeriesKey> series;
        private Iterator<MeasurePointValue> current = java.util.Collections.emptyIterator();
        private long produced;

        Rows(Iterator<SeriesKey> series) {
            this.series = series;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && series.hasNext()) {
                checkStop.run();
                int limit = (int) Math.min(Integer.MAX_VALUE, maxRows - produced + 1);
                current = store.range(series.next(), from, to, limit, false).iterator();
            }
            return current.hasNext();
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (++produced > maxRows) {
                throw new IllegalStateException("the history window holds more than " + maxRows
                        + " values: narrow the window or raise the task's maxRows");
            }
            MeasurePointValue v = current.next();
            Object value = v.value();
            Double num = value instanceof Number n ? n.doubleValue() : value instanceof Boolean b ? (b ? 1.0 : 0.0)
                    : null;
            String text = value == null || value instanceof Number ? null : value.toString();
            return new Object[] {v.assetId(), v.pointId(), v.time(), num, text};
        }
    }
}
