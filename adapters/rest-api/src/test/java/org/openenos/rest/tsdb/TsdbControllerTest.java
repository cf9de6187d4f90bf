package org.openenos.rest.tsdb;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.identity.Role;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.Caller;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TsdbQueryService;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * JSON mapping of the TSDB endpoints. The query semantics are tested against the real store in the QuestDB adapter;
 * here a two-value in-memory store is enough, because the REST module must not depend on a store adapter.
 */
class TsdbControllerTest {
    static final long T = 1_711_843_200_000L;

    @TempDir
    Path dir;
    MockMvc mvc;
    final Caller caller = new Caller(Caller.Kind.APPLICATION, "app", "app", "o1", Role.OPERATOR);

    @BeforeEach
    void setUp() {
        TimeSeriesStore store = new TimeSeriesStore() {
            @Override
            public void append(List<MeasurePointValue> values, AppendMode mode) {
            }

            @Override
            public List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
                return List.of(new MeasurePointValue(s.orgId(), null, s.assetId(), s.pointId(), T, 1.5, null))
                        .stream().filter(v -> v.time() >= from && v.time() < to).toList();
            }

            @Override
            public List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval,
                                                   AggregateFunction fn) {
                return List.of(new AggregateBucket(from, 2.0));
            }

            @Override
            public void forEachLatest(Consumer<MeasurePointValue> sink) {
                sink.accept(new MeasurePointValue("o1", null, "a1", "temp", T, 3.0, null));
            }

            @Override
            public void deleteBefore(long time) {
            }

            @Override
            public void close() {
            }
        };
        var latest = new LatestValueCache(dir.resolve("tombstones"));
        latest.rebuildFrom(store);
        var service = new TsdbQueryService(store, latest, AssetTimezones.UTC, PointSignalTypes.UNKNOWN,
                Clock.systemUTC());
        mvc = MockMvcBuilders.standaloneSetup(new TsdbController(service, new ApiAccess()))
                .setControllerAdvice(new TsdbExceptionHandler()).build();
    }

    @Test
    void rawAnswersItemsInTheEnosEnvelope() throws Exception {
        mvc.perform(post("/tsdb-service/v2.1/raw").param("orgId", "o1").requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"assetIds":"a1","pointIds":"temp","startTime":"2024-03-31 00:00:00",
                                 "endTime":"2024-03-31 01:00:00"}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.code").value(0))
                .andExpect(jsonPath("$.data.items[0].assetId").value("a1"))
                .andExpect(jsonPath("$.data.items[0].temp").value(1.5))
                .andExpect(jsonPath("$.data.items[0].timestamp").value(T))
                .andExpect(jsonPath("$.data.items[0].localtime").value("2024-03-31 00:00:00"));
    }

    @Test
    void aggregationAndLatestAreMapped() throws Exception {
        mvc.perform(post("/tsdb-service/v2.1/ai-normalized").param("orgId", "o1")
                        .requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"assetIds":"a1","pointIdsWithLogic":"avg(temp)","interval":15,
                                 "startTime":"2024-03-31T00:00:00Z","endTime":"2024-03-31T01:00:00Z"}"""))
                .andExpect(jsonPath("$.data.items[0].temp").value(2.0));
        mvc.perform(post("/tsdb-service/v2.1/latest").param("orgId", "o1")
                        .requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assetIds\":\"a1\",\"pointIds\":\"temp\"}"))
                .andExpect(jsonPath("$.data.items[0].value").value(3.0));
        mvc.perform(post("/tsdb-service/v2.1/latest").param("orgId", "o1").param("action", "delete")
                        .requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assetIds\":\"a1\",\"pointIds\":\"temp\"}"))
                .andExpect(jsonPath("$.code").value(0));
        mvc.perform(post("/tsdb-service/v2.1/latest").param("orgId", "o1")
                        .requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assetIds\":\"a1\",\"pointIds\":\"temp\"}"))
                .andExpect(jsonPath("$.data.items").isEmpty());
    }

    @Test
    void badArgumentsAnswer80400AndOtherOrganizations99403() throws Exception {
        mvc.perform(post("/tsdb-service/v2.1/raw").param("orgId", "o1").requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assetIds\":\"a1\",\"pointIds\":\"temp\",\"startTime\":\"soon\",\"endTime\":\"later\"}"))
                .andExpect(jsonPath("$.code").value(80400))
                .andExpect(jsonPath("$.msg").value(org.hamcrest.Matchers.containsString("startTime")));
        mvc.perform(post("/tsdb-service/v2.1/raw").param("orgId", "o1").requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller)
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(jsonPath("$.code").value(80400));
        mvc.perform(post("/tsdb-service/v2.1/raw").param("orgId", "o2").requestAttr(ApiAccess.CALLER_ATTRIBUTE, caller)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(jsonPath("$.code").value(99403));
    }
}
