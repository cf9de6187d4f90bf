package org.openenos.rest.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data federation (reference enos-processing §2.4): {@code sources?action=register|list|delete} registers external
 * PostgreSQL sources (password encrypted, never returned) and {@code POST channels/read/{channelId}} runs one
 * read-only SQL statement over the organization's history ({@code history}, window {@code from}/{@code to} in ms,
 * default the last 24 h), its metadata and its sources ({@code alias.schema.table}); answer
 * {@code {columns, metadata, queryState, rows, truncated}}. Every organization has one read channel, any
 * {@code channelId} names it.
 */
@RestController
@RequestMapping("/data-federation/v2.0")
public class FederationController {
    public record SourceBody(String alias, String jdbcUrl, String user, String password, Boolean readOnly) {
    }

    public record ReadBody(String sqlQuery, Long from, Long to, Integer maxRows, Integer timeoutSeconds) {
    }

    private static final int MAX_ROWS = 10_000;
    private static final int MAX_SECONDS = 120;
    private final ExternalSources sources;
    private final SqlQueries sql;
    private final ApiAccess access;

    public FederationController(ExternalSources sources, SqlQueries sql, ApiAccess access) {
        this.sources = sources;
        this.sql = sql;
        this.access = access;
    }

    @RequestMapping(path = "/sources", params = "action=register", method = RequestMethod.POST)
    public ApiResponse register(@RequestParam String orgId, @RequestBody SourceBody body) {
        access.requireAdmin(orgId);
        ExternalSource s = sources.register(orgId, body.alias(), body.jdbcUrl(), body.user(), body.password(),
                !Boolean.FALSE.equals(body.readOnly()));
        return ApiResponse.ok(view(s));
    }

    @RequestMapping(path = "/sources", params = "action=list", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse list(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(sources.list(orgId).stream().map(FederationController::view).toList());
    }

    @RequestMapping(path = "/sources", params = "action=delete", method = RequestMethod.POST)
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String alias) {
        access.requireAdmin(orgId);
        sources.delete(orgId, alias);
        return ApiResponse.ok(null);
    }

    private static Map<String, Object> view(ExternalSource s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("dataSourceName", s.alias());
        v.put("dataSourceType", "POSTGRESQL");
        v.put("jdbcUrl", s.jdbcUrl());
        v.put("user", s.user());
        v.put("readOnly", s.readOnly());
        v.put("createTime", s.createTime().toEpochMilli());
        return v;
    }

    @RequestMapping(path = "/channels/read/{channelId}", method = RequestMethod.POST)
    public ApiResponse read(@RequestParam String orgId, @PathVariable String channelId,
                            @RequestBody ReadBody body) {
        access.requireRead(orgId);
        Instant to = body.to() == null ? Instant.now() : Instant.ofEpochMilli(body.to());
        Instant from = body.from() == null ? to.minus(Duration.ofDays(1)) : Instant.ofEpochMilli(body.from());
        if (!to.isAfter(from)) {
            throw OpenEnosException.badArgument("to must be after from");
        }
        int rows = body.maxRows() == null ? 1000 : Math.clamp(body.maxRows(), 1, MAX_ROWS);
        int seconds = body.timeoutSeconds() == null ? 30 : Math.clamp(body.timeoutSeconds(), 1, MAX_SECONDS);
        QueryResult r = sql.query(orgId, body.sqlQuery(), new SqlQueries.Limits(from, to, rows,
                Duration.ofSeconds(seconds)));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("columns", r.columns());
        v.put("metadata", java.util.stream.IntStream.range(0, r.columns().size())
                .mapToObj(i -> Map.of("name", r.columns().get(i), "type", r.types().get(i))).toList());
        v.put("queryState", "COMPLETED");
        v.put("rows", r.rows());
        v.put("truncated", r.truncated());
        return ApiResponse.ok(v);
    }
}
