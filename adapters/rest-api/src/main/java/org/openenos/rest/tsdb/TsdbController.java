package org.openenos.rest.tsdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.TsdbResult;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * TSDB Data Service v2.1 ({@code POST /tsdb-service/v2.1/…}): orgId in the query, everything else in the JSON body,
 * {@code data:{items:[…]}} in the reply. Only maps JSON to the query records; the semantics live in
 * {@link TsdbQueryService}.
 */
@RestController
@RequestMapping("/tsdb-service/v2.1")
public class TsdbController {
    private final TsdbQueryService queries;
    private final ApiAccess access;

    public TsdbController(TsdbQueryService queries, ApiAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @PostMapping("/raw")
    public ApiResponse raw(@RequestParam(required = false) String orgId,
                           @RequestBody(required = false) TsdbRawBody body) {
        return rawLike(orgId, body, queries::raw);
    }

    @PostMapping("/ai")
    public ApiResponse ai(@RequestParam(required = false) String orgId,
                          @RequestBody(required = false) TsdbRawBody body) {
        return rawLike(orgId, body, queries::ai);
    }

    @PostMapping("/di")
    public ApiResponse di(@RequestParam(required = false) String orgId,
                          @RequestBody(required = false) TsdbRawBody body) {
        return rawLike(orgId, body, queries::di);
    }

    @PostMapping("/di/duration")
    public ApiResponse diDuration(@RequestParam(required = false) String orgId,
                                  @RequestBody(required = false) TsdbDurationBody body) {
        String org = access.requireRead(orgId);
        return ok(queries.diDuration(required(body).toQuery(org)));
    }

    @PostMapping("/electric-power")
    public ApiResponse electricPower(@RequestParam(required = false) String orgId,
                                     @RequestBody(required = false) TsdbNormalizedBody body) {
        String org = access.requireRead(orgId);
        return ok(queries.electricPower(required(body).toQuery(org)));
    }

    @PostMapping("/electric-power/current-day")
    public ApiResponse electricPowerCurrentDay(@RequestParam(required = false) String orgId,
                                               @RequestBody(required = false) TsdbCurrentDayBody body) {
        String org = access.requireRead(orgId);
        return ok(queries.electricPowerCurrentDay(required(body).toQuery(org)));
    }

    @PostMapping("/latest/filter")
    public ApiResponse latestFilter(@RequestParam(required = false) String orgId,
                                    @RequestBody(required = false) TsdbLatestFilterBody body) {
        String org = access.requireRead(orgId);
        return ok(queries.latestFilter(required(body).toQuery(org)));
    }

    @PostMapping("/generic")
    public ApiResponse generic(@RequestParam(required = false) String orgId,
                               @RequestBody(required = false) TsdbRawBody body) {
        return rawLike(orgId, body, queries::generic);
    }

    @PostMapping("/ai-normalized")
    public ApiResponse aiNormalized(@RequestParam(required = false) String orgId,
                                    @RequestBody(required = false) TsdbNormalizedBody body) {
        String org = access.requireRead(orgId);
        return ok(queries.aiNormalized(required(body).toQuery(org)));
    }

    /** {@code latest} reads; {@code latest?action=delete} removes the latest values (history stays). */
    @PostMapping("/latest")
    public ApiResponse latest(@RequestParam(required = false) String orgId,
                              @RequestParam(required = false) String action,
                              @RequestBody(required = false) TsdbLatestBody body) {
        if ("delete".equals(action)) {
            String org = access.requireWrite(orgId);
            queries.deleteLatest(required(body).toQuery(org));
            return ApiResponse.ok(null);
        }
        if (action != null && !action.isBlank()) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "unknown action '" + action + "'");
        }
        String org = access.requireRead(orgId);
        return ok(queries.latest(required(body).toQuery(org)));
    }

    private ApiResponse rawLike(String orgId, TsdbRawBody body,
                                Function<org.openenos.timeseries.TsdbQuery, TsdbResult> query) {
        String org = access.requireRead(orgId);
        return ok(query.apply(required(body).toQuery(org)));
    }

    /** {@code data:{items:[…]}}, plus {@code pageToken} when there is a next page. */
    private static ApiResponse ok(TsdbResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", result.items());
        if (result.pageToken() != null) {
            data.put("pageToken", result.pageToken());
        }
        return ApiResponse.ok(data);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "a JSON request body is required");
        }
        return body;
    }
}
