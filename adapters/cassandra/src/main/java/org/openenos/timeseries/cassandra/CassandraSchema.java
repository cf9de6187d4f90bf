package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.List;

/**
 * The store's keyspace and tables, created if missing (idempotent: every node may run it at start).
 * <ul>
 * <li>{@code point_values}: one row per (org, asset, point, time); a partition per series and UTC day, so writes of
 * a day stay in one partition (batched) and a partition never grows past a day of one series.</li>
 * <li>{@code series_days}: the days a series has values, so ranges skip empty days and retention finds partitions.</li>
 * <li>{@code day_series}, {@code value_days}: the series of each day and the days with values, so retention
 * reads only the days that expired ({@link DayRetention}); {@code index_state} notes the one full scan of data
 * written before them.</li>
 * <li>{@code latest_values}: the newest time per series, written with the value's time as the cell timestamp so the
 * newest time wins whatever the order of writes.</li>
 * <li>{@code rollups}: count/sum/min/max/first/last per window of 1 min, 10 min, 1 h and 1 day.</li>
 * <li>{@code dirty_hours}: hours of a series written since their rollups were computed (short gc_grace, since a
 * resurrected mark only causes one more recomputation, and single-sstable tombstone compactions, so the cleared
 * marks the maintenance scan reads are purged soon).</li>
 * </ul>
 */
final class CassandraSchema {
    private CassandraSchema() {
    }

    static void create(CqlSession session, String keyspace, int replicationFactor, Duration timeout) {
        run(session, timeout, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = {'class': "
                + "'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
        for (String ddl : tables()) {
            run(session, timeout, ddl.replace("KS.", keyspace + "."));
        }
    }

    private static List<String> tables() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS KS.point_values (org text, asset text, point text, day int, ts timestamp,
                  kind tinyint, num double, txt text, quality int,
                  PRIMARY KEY ((org, asset, point, day), ts)) WITH CLUSTERING ORDER BY (ts ASC)""", """
                CREATE TABLE IF NOT EXISTS KS.series_days (org text, asset text, point text, day int,
                  PRIMARY KEY ((org, asset, point), day))""", """
                CREATE TABLE IF NOT EXISTS KS.day_series (day int, org text, asset text, point text,
                  PRIMARY KEY ((day), org, asset, point))""", """
                CREATE TABLE IF NOT EXISTS KS.value_days (bucket int, day int, PRIMARY KEY ((bucket), day))""", """
                CREATE TABLE IF NOT EXISTS KS.index_state (name text PRIMARY KEY, done boolean)""", """
                CREATE TABLE IF NOT EXISTS KS.latest_values (org text, asset text, point text, ts timestamp,
                  PRIMARY KEY ((org, asset, point)))""", """
                CREATE TABLE IF NOT EXISTS KS.rollups (org text, asset text, point text, level tinyint, bucket int,
                  ts timestamp, cnt bigint, total double, low double, high double, first_v double, last_v double,
                  PRIMARY KEY ((org, asset, point, level, bucket), ts))""", """
                CREATE TABLE IF NOT EXISTS KS.dirty_hours (org text, asset text, point text, hour timestamp,
                  marked boolean, PRIMARY KEY ((org, asset, point), hour)) WITH gc_grace_seconds = 600
                  AND compaction = {'class': 'SizeTieredCompactionStrategy', 'tombstone_threshold': '0.1',
                  'tombstone_compaction_interval': '600', 'unchecked_tombstone_compaction': 'true'}""");
    }

    private static void run(CqlSession session, Duration timeout, String cql) {
        session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(cql)
                .setTimeout(timeout.multipliedBy(6)));
    }
}
