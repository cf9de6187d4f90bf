package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Retention by day. Beside {@code series_days} (the days of each series) the store keeps the series of each day
 * ({@code day_series}, a partition per day) and the days that have any values ({@code value_days}, one small
 * partition). A pass reads only the days that expired: their list from {@code value_days}, then each such day's
 * series, and deletes those partitions; the day the cutoff falls in loses its rows before the cutoff. A store that
 * holds values written before these indexes existed is scanned in full once, then never again.
 */
final class DayRetention {
    /** Rows of the indexes the last pass read: what a pass costs. */
    record Pass(long rowsRead, int daysDeleted) {
    }

    private final CqlSession session;
    private final Statements st;
    private final Semaphore permits;
    private final LongSupplier awaitMillis;
    private final PreparedStatement insertDaySeries, insertValueDay, selectExpiredDays, selectDaySeries,
            deleteDaySeries, deleteValueDay, selectFullScanDone, setFullScanDone;

    DayRetention(CqlSession session, String ks, Statements st, Semaphore permits, String readConsistency,
                 String writeConsistency, LongSupplier awaitMillis) {
        this.session = session;
        this.st = st;
        this.permits = permits;
        this.awaitMillis = awaitMillis;
        ConsistencyLevel read = DefaultConsistencyLevel.valueOf(readConsistency);
        ConsistencyLevel write = DefaultConsistencyLevel.valueOf(writeConsistency);
        insertDaySeries = prepare(write, "INSERT INTO " + ks + ".day_series (day, org, asset, point) VALUES (?, ?, ?, ?)");
        insertValueDay = prepare(write, "INSERT INTO " + ks + ".value_days (bucket, day) VALUES (0, ?)");
        selectExpiredDays = prepare(read, "SELECT day FROM " + ks + ".value_days WHERE bucket = 0 AND day < ?");
        selectDaySeries = prepare(read, "SELECT org, asset, point FROM " + ks + ".day_series WHERE day = ?");
        deleteDaySeries = prepare(write, "DELETE FROM " + ks + ".day_series WHERE day = ?");
        deleteValueDay = prepare(write, "DELETE FROM " + ks + ".value_days WHERE bucket = 0 AND day = ?");
        selectFullScanDone = prepare(read, "SELECT done FROM " + ks + ".index_state WHERE name = 'day-index'");
        setFullScanDone = prepare(write, "INSERT INTO " + ks + ".index_state (name, done) VALUES ('day-index', true)");
    }

    private PreparedStatement prepare(ConsistencyLevel level, String cql) {
        return session.prepare(cql).bind().getPreparedStatement() == null ? null
                : session.prepare(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(cql)
                        .setConsistencyLevel(level));
    }

    /** The index rows of a series day that has values: written with the day's first values. */
    List<BoundStatement> record(String org, String asset, String point, int day) {
        return List.of(st.insertSeriesDay.bind(org, asset, point, day), insertDaySeries.bind(day, org, asset, point),
                insertValueDay.bind(day));
    }

    /** Deletes the day partitions before {@code time} and the rows before it in its own day. */
    Pass deleteBefore(long time) {
        int cutDay = SeriesReader.day(time);
        long read = 0;
        int days = 0;
        if (session.execute(selectFullScanDone.bind()).one() == null) {
            read += fullScan(time, cutDay);
            session.execute(setFullScanDone.bind());
        }
        List<Integer> expired = new ArrayList<>();
        for (Row r : session.execute(selectExpiredDays.bind(cutDay))) {
            expired.add(r.getInt(0));
            read++;
        }
        for (int day : expired) {
            var deletes = new InFlight(session, permits);
            for (Row r : session.execute(selectDaySeries.bind(day).setPageSize(5_000))) {
                read++;
                deletes.submit(st.deleteDay.bind(r.getString(0), r.getString(1), r.getString(2), day));
                deletes.submit(st.deleteSeriesDay.bind(r.getString(0), r.getString(1), r.getString(2), day));
            }
            deletes.await(awaitMillis.getAsLong());
            // the day's own index goes last: a pass that fails half-way finds the day again next time
            session.execute(deleteDaySeries.bind(day));
            session.execute(deleteValueDay.bind(day));
            days++;
        }
        if (time > (long) cutDay * SeriesReader.DAY) {
            var deletes = new InFlight(session, permits);
            for (Row r : session.execute(selectDaySeries.bind(cutDay).setPageSize(5_000))) {
                read++;
                deletes.submit(st.deleteDayBefore.bind(r.getString(0), r.getString(1), r.getString(2), cutDay,
                        Instant.ofEpochMilli(time)));
            }
            deletes.await(awaitMillis.getAsLong());
        }
        return new Pass(read, days);
    }

    /** The one pass over every series day, for values written before the day indexes existed. */
    private long fullScan(long time, int cutDay) {
        long read = 0;
        var deletes = new InFlight(session, permits);
        for (Row r : session.execute(st.scanSeriesDays.bind().setPageSize(5_000))) {
            read++;
            String org = r.getString(0);
            String asset = r.getString(1);
            String point = r.getString(2);
            int day = r.getInt(3);
            if (day < cutDay) {
                deletes.submit(st.deleteDay.bind(org, asset, point, day));
                deletes.submit(st.deleteSeriesDay.bind(org, asset, point, day));
            } else {
                // later days enter the day indexes, so later passes find them
                deletes.submit(insertDaySeries.bind(day, org, asset, point));
                deletes.submit(insertValueDay.bind(day));
            }
        }
        deletes.await(awaitMillis.getAsLong());
        return read;
    }
}
