package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;

/**
 * Reads the values of one series: the days that have values ({@code series_days}), then one slice per day partition,
 * in order, until the limit is reached. Days are fetched a few at a time ahead, so a sparse series over a long range
 * costs a few round trips rather than one per day.
 */
final class SeriesReader {
    static final long DAY = 86_400_000L;
    private static final int DAYS_AHEAD = 8;

    interface ValueSink {
        /** Called per stored value in time order; returns false to stop. */
        boolean accept(long time, Row row);
    }

    private final CqlSession session;
    private final Statements st;

    SeriesReader(CqlSession session, Statements st) {
        this.session = session;
        this.st = st;
    }

    static int day(long time) {
        return (int) Math.floorDiv(time, DAY);
    }

    List<Integer> days(SeriesKey s, long from, long to) {
        var days = new ArrayList<Integer>();
        if (to <= from) {
            return days;
        }
        for (Row r : session.execute(st.selectDays.bind(s.orgId(), s.assetId(), s.pointId(), day(from),
                day(to - 1)))) {
            days.add(r.getInt(0));
        }
        return days;
    }

    List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
        var values = new ArrayList<MeasurePointValue>(Math.min(limit, 10_000));
        if (limit <= 0) {
            return values;
        }
        scan(s, from, to, limit, descending, (time, r) -> {
            values.add(new MeasurePointValue(s.orgId(), null, s.assetId(), s.pointId(), time,
                    ValueColumns.value(r.getByte(1), r.getDouble(2), r.getString(3)), quality(r, 4)));
            return values.size() < limit;
        });
        return values;
    }

    /** Every stored value of {@code [from, to)} in time order (ascending unless {@code descending}) to the sink. */
    void scan(SeriesKey s, long from, long to, int limitPerDay, boolean descending, ValueSink sink) {
        List<Integer> days = days(s, from, to);
        if (descending) {
            days = days.reversed();
        }
        for (int i = 0; i < days.size(); i += DAYS_AHEAD) {
            var ahead = new ArrayList<java.util.concurrent.CompletionStage<List<Row>>>();
            for (int d : days.subList(i, Math.min(days.size(), i + DAYS_AHEAD))) {
                long dayStart = d * DAY;
                BoundStatement stmt = (descending ? st.selectDescending : st.selectAscending).bind(s.orgId(),
                        s.assetId(), s.pointId(), d, Instant.ofEpochMilli(Math.max(from, dayStart)),
                        Instant.ofEpochMilli(Math.min(to, dayStart + DAY)), limitPerDay);
                ahead.add(session.executeAsync(stmt.setPageSize(5_000)).thenCompose(SeriesReader::allRows));
            }
            for (var stage : ahead) {
                for (Row r : stage.toCompletableFuture().join()) {
                    if (!sink.accept(r.getInstant(0).toEpochMilli(), r)) {
                        return;
                    }
                }
            }
        }
    }

    /** The rows of all pages of a result. */
    static java.util.concurrent.CompletionStage<List<Row>> allRows(
            com.datastax.oss.driver.api.core.cql.AsyncResultSet first) {
        var rows = new ArrayList<Row>();
        return collect(first, rows);
    }

    private static java.util.concurrent.CompletionStage<List<Row>> collect(
            com.datastax.oss.driver.api.core.cql.AsyncResultSet page, List<Row> rows) {
        page.currentPage().forEach(rows::add);
        if (!page.hasMorePages()) {
            return java.util.concurrent.CompletableFuture.completedFuture(rows);
        }
        return page.fetchNextPage().thenCompose(next -> collect(next, rows));
    }

    static Integer quality(Row r, int column) {
        if (r.isNull(column)) {
            return null;
        }
        int q = r.getInt(column);
        return q == CassandraTimeSeriesStore.NO_QUALITY ? null : q;
    }
}
