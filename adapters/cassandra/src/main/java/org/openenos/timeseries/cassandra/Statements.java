package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * The store's prepared statements. Every statement that touches one partition binds all of its partition key, so
 * the driver routes it to a replica of that partition (token-aware) and a batch goes to the replica of its partition.
 */
final class Statements {
    final PreparedStatement insertValue, insertSeriesDay, insertLatest, markDirty;
    final PreparedStatement selectAscending, selectDescending, selectDays, selectValueAt;
    final PreparedStatement selectLatest, deleteLatest;
    final PreparedStatement scanLatest, scanSeriesDays, deleteDay, deleteDayBefore, deleteSeriesDay;
    final PreparedStatement selectRollups, insertRollup, deleteRollups, selectDirty, scanDirty, clearDirty;

    Statements(CqlSession session, String ks, String readConsistency, String writeConsistency) {
        ConsistencyLevel read = DefaultConsistencyLevel.valueOf(readConsistency);
        ConsistencyLevel write = DefaultConsistencyLevel.valueOf(writeConsistency);
        String series = "org = ? AND asset = ? AND point = ?";
        insertValue = prepare(session, write, "INSERT INTO " + ks + ".point_values (org, asset, point, day, ts, kind,"
                + " num, txt, quality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        insertSeriesDay = prepare(session, write, "INSERT INTO " + ks + ".series_days (org, asset, point, day)"
                + " VALUES (?, ?, ?, ?)");
        insertLatest = prepare(session, write, "INSERT INTO " + ks + ".latest_values (org, asset, point, ts)"
                + " VALUES (?, ?, ?, ?) USING TIMESTAMP ? AND TTL ?");
        markDirty = prepare(session, write, "INSERT INTO " + ks + ".dirty_hours (org, asset, point, hour, marked)"
                + " VALUES (?, ?, ?, ?, true)");
        String values = "SELECT ts, kind, num, txt, quality FROM " + ks + ".point_values WHERE " + series
                + " AND day = ? AND ts >= ? AND ts < ?";
        selectAscending = prepare(session, read, values + " LIMIT ?");
        selectDescending = prepare(session, read, values + " ORDER BY ts DESC LIMIT ?");
        selectDays = prepare(session, read, "SELECT day FROM " + ks + ".series_days WHERE " + series
                + " AND day >= ? AND day <= ?");
        selectValueAt = prepare(session, read, "SELECT kind, num, txt, quality FROM " + ks + ".point_values WHERE "
                + series + " AND day = ? AND ts = ?");
        scanLatest = prepare(session, read, "SELECT org, asset, point, ts FROM " + ks + ".latest_values");
        selectLatest = prepare(session, read, "SELECT org, asset, point, ts FROM " + ks + ".latest_values WHERE "
                + series);
        // at the deleted value's time as the cell timestamp: a write of that time or older stays hidden, a newer wins
        deleteLatest = prepare(session, write, "DELETE FROM " + ks + ".latest_values USING TIMESTAMP ? WHERE "
                + series);
        scanSeriesDays = prepare(session, read, "SELECT org, asset, point, day FROM " + ks + ".series_days");
        deleteDay = prepare(session, write, "DELETE FROM " + ks + ".point_values WHERE " + series + " AND day = ?");
        deleteDayBefore = prepare(session, write, "DELETE FROM " + ks + ".point_values WHERE " + series
                + " AND day = ? AND ts < ?");
        deleteSeriesDay = prepare(session, write, "DELETE FROM " + ks + ".series_days WHERE " + series
                + " AND day = ?");
        selectRollups = prepare(session, read, "SELECT ts, cnt, total, low, high, first_v, last_v FROM " + ks
                + ".rollups WHERE " + series + " AND level = ? AND bucket = ? AND ts >= ? AND ts < ?");
        insertRollup = prepare(session, write, "INSERT INTO " + ks + ".rollups (org, asset, point, level, bucket, ts,"
                + " cnt, total, low, high, first_v, last_v) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TIMESTAMP ? AND TTL ?");
        deleteRollups = prepare(session, write, "DELETE FROM " + ks + ".rollups USING TIMESTAMP ? WHERE " + series
                + " AND level = ? AND bucket = ? AND ts >= ? AND ts < ?");
        selectDirty = prepare(session, read, "SELECT hour FROM " + ks + ".dirty_hours WHERE " + series
                + " AND hour >= ? AND hour < ?");
        scanDirty = prepare(session, read, "SELECT org, asset, point, hour, writetime(marked) AS w FROM " + ks
                + ".dirty_hours");
        clearDirty = prepare(session, write, "DELETE FROM " + ks + ".dirty_hours USING TIMESTAMP ? WHERE " + series
                + " AND hour = ?");
    }

    private static PreparedStatement prepare(CqlSession session, ConsistencyLevel level, String cql) {
        return session.prepare(SimpleStatement.newInstance(cql).setConsistencyLevel(level));
    }
}
