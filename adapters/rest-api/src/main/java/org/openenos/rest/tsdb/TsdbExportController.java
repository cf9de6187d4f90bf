package org.openenos.rest.tsdb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.timeseries.TsdbExport;
import org.openenos.timeseries.TsdbQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /tsdb-service/v2.1/export}: the raw values of a time range as CSV, written to the response as they are
 * read (page by page from the store), so an export of any length needs the memory of one page. Arguments are
 * checked before the first byte: a bad request gets the usual 80400 envelope, not a truncated file.
 */
@RestController
@RequestMapping("/tsdb-service/v2.1")
public class TsdbExportController {
    static final String HEADER = "assetId,pointId,timestamp,localtime,value,quality\n";
    private static final Logger LOG = LoggerFactory.getLogger(TsdbExportController.class);
    private static final long PROGRESS_EVERY = 100_000;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TsdbExport export;
    private final ApiAccess access;
    private final Counter rowsExported;

    public TsdbExportController(TsdbExport export, ApiAccess access, MeterRegistry meters) {
        this.export = export;
        this.access = access;
        this.rowsExported = Counter.builder("openenos.tsdb.export.rows")
                .description("Values written by the CSV export").register(meters);
    }

    @PostMapping("/export")
    public void export(@RequestParam(required = false) String orgId, @RequestBody(required = false) TsdbRawBody body,
                       HttpServletResponse response) throws IOException {
        String org = access.requireRead(orgId);
        if (body == null) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "a JSON request body is required");
        }
        TsdbQuery query = body.toQuery(org);
        export.validate(query);
        String file = "tsdb-export-" + org.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + FILE_TIME.format(Instant.now())
                + ".csv";
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(file).build().toString());
        long started = System.nanoTime();
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        out.write(HEADER);
        long[] count = {0};
        try {
            export.export(query, row -> {
                try {
                    out.write(line(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++count[0] % PROGRESS_EVERY == 0) {
                    LOG.info("export {} of org {}: {} rows so far", file, org, count[0]);
                }
            });
            out.flush();
        } catch (UncheckedIOException e) {
            // The client went away; what was written is all it gets, and there is nobody left to answer.
            LOG.info("export {} of org {} aborted after {} rows: {}", file, org, count[0], e.getCause().getMessage());
        } finally {
            rowsExported.increment(count[0]);
        }
        LOG.info("export {} of org {}: {} rows in {} ms", file, org, count[0], (System.nanoTime() - started) / 1_000_000);
    }

    static String line(TsdbExport.Row row) {
        return csv(row.assetId()) + ',' + csv(row.pointId()) + ',' + row.time() + ',' + row.localTime() + ','
                + csv(valueText(row.value())) + ',' + (row.quality() == null ? "" : row.quality()) + '\n';
    }

    private static String valueText(Object value) {
        return switch (value) {
            case null -> "";
            case Map<?, ?> m -> JSON.writeValueAsString(m);
            case Collection<?> c -> JSON.writeValueAsString(c);
            default -> value.toString();
        };
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
