package org.openenos.batch.sql;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.QueryResult;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskExecutor;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;

/**
 * Data sync tasks: copy rows from a {@code source} to a {@code target}.
 * <ul>
 * <li>source {@code sql:<query>}: any read-only query of the organization (its history, metadata, or a registered
 * source's table {@code alias.schema.table} with a WHERE filter), {@code csv:<file>} or {@code parquet:<file>};</li>
 * <li>target {@code alias.schema.table} of a writable registered source ({@code mode} {@code append} or
 * {@code overwrite}), {@code csv:<file>} or {@code parquet:<file>} (typed columns, ADR 0105).</li>
 * </ul>
 * Files are relative to the organization's folder under the batch file directory.
 */
public final class SyncTaskExecutor implements TaskExecutor {
    private final CalciteSqlQueries engine;
    private final ExternalSources sources;
    private final CsvFiles files;
    private final ZoneId zone;

    public SyncTaskExecutor(CalciteSqlQueries engine, ExternalSources sources, Path fileRoot, ZoneId zone) {
        this.engine = engine;
        this.sources = sources;
        this.files = new CsvFiles(fileRoot);
        this.zone = zone;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.SYNC;
    }

    @Override
    public void validate(TaskSpec task) {
        String source = task.setting("source");
        String target = task.setting("target");
        if (source == null || !(source.startsWith("sql:") || source.startsWith("csv:")
                || source.startsWith("parquet:"))) {
            throw new IllegalArgumentException("task " + task.name()
                    + ": source must be sql:<query>, csv:<file> or parquet:<file>");
        }
        if (target == null) {
            throw new IllegalArgumentException("task " + task.name() + ": target is required");
        }
        if (!target.startsWith("csv:") && !target.startsWith("parquet:")) {
            JdbcTableSink.Target.parse(target);
        }
    }

    @Override
    public String execute(TaskContext ctx) throws Exception {
        String source = ctx.required("source");
        List<String> columns = new ArrayList<>();
        List<String> types = null;
        List<List<Object>> rows;
        if (source.startsWith("csv:")) {
            rows = CsvFiles.read(files.resolve(ctx.orgId(), source.substring(4).strip()), columns, ctx.maxRows());
        } else if (source.startsWith("parquet:")) {
            rows = ParquetSyncFiles.read(files.resolve(ctx.orgId(), source.substring(8).strip()), columns,
                    ctx.maxRows());
        } else {
            QueryResult r = engine.query(ctx.orgId(), source.substring(4), TaskWindow.of(ctx, zone),
                    ctx::checkStop);
            if (r.truncated()) {
                throw new IllegalStateException("the source has more than " + ctx.maxRows() + " rows (maxRows)");
            }
            columns.addAll(r.columns());
            types = r.types();
            rows = r.rows();
        }
        ctx.log().info("read " + rows.size() + " rows from " + (source.startsWith("sql:") ? "the query" : source));
        ctx.progress().accept(50);
        ctx.checkStop();
        String target = ctx.required("target");
        if (target.startsWith("csv:")) {
            long n = CsvFiles.write(files.resolve(ctx.orgId(), target.substring(4).strip()), columns, rows);
            return "wrote " + n + " rows to " + target;
        }
        if (target.startsWith("parquet:")) {
            long n = ParquetSyncFiles.write(files.resolve(ctx.orgId(), target.substring(8).strip()), columns, types,
                    rows);
            return "wrote " + n + " rows to " + target;
        }
        JdbcTableSink.Target t = JdbcTableSink.Target.parse(target);
        ExternalSources.Credentials cred = sources.credentials(ctx.orgId(), t.alias()).orElseThrow(() ->
                new IllegalArgumentException("no source " + t.alias() + " is registered"));
        long n = JdbcTableSink.write(cred, t, columns, rows, "overwrite".equalsIgnoreCase(ctx.setting("mode")),
                ctx::checkStop);
        return "wrote " + n + " rows into " + target;
    }
}
