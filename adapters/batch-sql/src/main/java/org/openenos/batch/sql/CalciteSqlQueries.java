package org.openenos.batch.sql;

import static org.openenos.error.Failures.deepestMessage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.calcite.config.Lex;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.error.OpenEnosException;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Read-only SQL of one organization on Apache Calcite (ADR 0100). Each query gets a root schema of its own that holds
 * only that organization's tables: {@code history} (its raw values within the window, filters on asset, point and
 * time pushed into the store's range reads), {@code rollups} (its 1 min to 1 day aggregates), {@code assets},
 * {@code asset_attributes}, and one schema per registered external source it names ({@code alias.db.table}, the
 * source's PostgreSQL schemas, read through a read-only connection with filters pushed down). Nothing else is
 * reachable: no file, no other organization, no DDL or DML.
 */
public final class CalciteSqlQueries implements SqlQueries {
    private static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.MYSQL);
    private final OrgCatalog catalog;
    private final TimeSeriesStore store;
    private final ExternalSources sources;

    private final io.micrometer.core.instrument.Timer queries;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    public CalciteSqlQueries(OrgCatalog catalog, TimeSeriesStore store, ExternalSources sources,
                             io.micrometer.core.instrument.MeterRegistry meters) {
        this.catalog = catalog;
        this.store = store;
        this.sources = sources;
        this.meters = meters;
        this.queries = io.micrometer.core.instrument.Timer.builder("openenos.batch.sql.query")
                .description("time of batch SQL queries (tasks and interactive)").register(meters);
    }

    @Override
    public QueryResult query(String orgId, String sql, Limits limits) {
        return query(orgId, sql, limits, () -> { });
    }

    /** A query whose scans call {@code checkStop} between chunks, so a task's cancel or time-out ends it. */
    public QueryResult query(String orgId, String sql, Limits limits, Runnable checkStop) {
        return run(orgId, sql, limits, checkStop, rs -> read(rs, limits.maxRows()));
    }

    /** {@link #query} that also reports how many series and values its scans read from the store. */
    QueryResult query(String orgId, String sql, Limits limits, ScanStats stats) {
        return run(orgId, sql, limits, () -> { }, stats, rs -> read(rs, limits.maxRows()));
    }

    /** Runs a read-only query and hands the open result to {@code reader} (sync tasks stream it elsewhere). */
    public <T> T run(String orgId, String sql, Limits limits, Runnable checkStop,
                     Function<ResultSet, T> reader) {
        return run(orgId, sql, limits, checkStop, new ScanStats(), reader);
    }

    private <T> T run(String orgId, String sql, Limits limits, Runnable checkStop, ScanStats stats,
                      Function<ResultSet, T> reader) {
        String statement = checkReadOnly(sql);
        long started = System.nanoTime();
        List<AutoCloseable> opened = new ArrayList<>();
        StatementCanceller canceller = new StatementCanceller();
        QueryWatch watch = QueryWatch.start(Thread.currentThread(), limits.timeout(), checkStop, canceller);
        Properties info = new Properties();
        info.setProperty("lex", "MYSQL");
        try (Connection c = DriverManager.getConnection("jdbc:calcite:", info)) {
            SchemaPlus root = c.unwrap(CalciteConnection.class).getRootSchema();
            var assets = new java.util.concurrent.atomic.AtomicReference<List<OrgCatalog.AssetRow>>();
            java.util.function.Supplier<List<OrgCatalog.AssetRow>> assetRows = () -> assets.updateAndGet(
                    a -> a != null ? a : catalog.assets(orgId));
            OrgSeries series = new OrgSeries(orgId, catalog, assetRows);
            long from = limits.from().toEpochMilli();
            long to = limits.to().toEpochMilli();
            long maxRows = Math.max(limits.maxRows(), 1);
            root.add("history", new HistoryTable(series, store, from, to, maxRows * 100, checkStop, stats));
            root.add("rollups", new RollupsTable(series, store, from, to, maxRows * 100, checkStop, stats));
            root.add("assets", MetadataTables.assets(assetRows));
            root.add("asset_attributes", MetadataTables.attributes(assetRows));
            for (var source : sources.list(orgId)) {
                if (Pattern.compile("(?i)(^|[^\\w.])`?" + source.alias() + "`?\\s*\\.").matcher(statement).find()) {
                    ExternalSources.Credentials cred = sources.credentials(orgId, source.alias()).orElseThrow();
                    opened.add(ExternalSchemas.attach(root, source.alias(), cred, canceller));
                }
            }
            try (Statement st = c.createStatement()) {
                st.setMaxRows((int) Math.min(Integer.MAX_VALUE, limits.maxRows() + 1));
                // no Calcite query timeout: its clock starts before execution and fired early under load; the watch
                // enforces the time limit and cancels this statement and the external ones alike
                watch.alsoCancel(st);
                try (ResultSet rs = st.executeQuery(statement)) {
                    return reader.apply(rs);
                }
            }
        } catch (SQLException e) {
            throw watch.explain(OpenEnosException.badArgument("SQL failed: " + deepestMessage(e)));
        } catch (RuntimeException e) {
            if (e instanceof OpenEnosException || e instanceof org.openenos.batch.TaskContext.TaskStoppedException) {
                throw watch.explain(e);
            }
            throw watch.explain(OpenEnosException.badArgument("SQL failed: " + deepestMessage(e)));
        } finally {
            watch.close();
            watch.reason().ifPresent(reason -> meters.counter("openenos.batch.sql.cancelled", "reason", reason)
                    .increment());
            for (AutoCloseable o : opened) {
                try {
                    o.close();
                } catch (Exception ignored) {
                    // a pool of a source that could not be closed is collected with the query
                }
            }
            queries.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Only one query statement (SELECT, WITH, UNION, VALUES ...): the engine never writes. */
    static String checkReadOnly(String sql) {
        if (sql == null || sql.isBlank()) {
            throw OpenEnosException.badArgument("sqlQuery is empty");
        }
        String s = sql.strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        SqlNode node;
        try {
            node = SqlParser.create(s, PARSER).parseQuery();
        } catch (SqlParseException e) {
            throw OpenEnosException.badArgument("SQL does not parse: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            throw OpenEnosException.badArgument("only queries (SELECT) are allowed here, not " + node.getKind());
        }
        return s;
    }

    private static QueryResult read(ResultSet rs, long maxRows) {
        long started = System.nanoTime();
        try {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
                types.add(md.getColumnTypeName(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            boolean truncated = false;
            while (rs.next()) {
                if (rows.size() >= maxRows) {
                    truncated = true;
                    break;
                }
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(JdbcValues.plain(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new QueryResult(columns, types, rows, truncated, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw OpenEnosException.badArgument("SQL failed: " + deepestMessage(e));
        }
    }
}
