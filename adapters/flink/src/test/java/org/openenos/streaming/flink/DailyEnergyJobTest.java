package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/** Daily-energy jobs on a real embedded Flink cluster, checked against energies worked out here from the inputs. */
class DailyEnergyJobTest extends EmbeddedEngineTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private static Map<String, Object> policy(String model, String method, String in, String out) {
        var p = new HashMap<String, Object>();
        p.put("modelId", model);
        p.put("inputPoint", in);
        p.put("method", method);
        p.put("outputPoint", out);
        return p;
    }

    private static long at(int year, int month, int day, int hour, int minute, ZoneId zone) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, zone).toInstant().toEpochMilli();
    }

    @Test
    void meterReadingsGiveTheEnergyOfEachLocalDayOfTheAssetAcrossADaylightSavingChangeAResetAndAGlitch() {
        registry.timezone("o1", "berlin1", "Europe/Berlin");
        // utc1 has no time zone in the registry: its days are UTC days
        var p = policy("meter", "meterReading", "kwh", "kwh_day");
        p.put("maxRatePerHour", 100);
        StreamJob job = fx.job("o1", TemplateType.ElectricEnergy, Map.of("policies", List.of(p)));
        fx.start(job);
        // a meter counting 1 kWh every 20 minutes (3 kWh an hour), read every 20 minutes from 23:50 on Friday
        // 2026-03-27 (Berlin) to 00:10 on Monday 2026-03-30. The counter is reset at 12:10 on Saturday (the reading
        // after the reset shows the 1 kWh counted since), and the reading of 10:10 on Sunday is a glitch of 10^6.
        long first = at(2026, 3, 27, 23, 50, BERLIN);
        long last = at(2026, 3, 30, 0, 10, BERLIN);
        long reset = at(2026, 3, 28, 12, 10, BERLIN);
        long glitch = at(2026, 3, 29, 10, 10, BERLIN);
        double counter = 5_000;
        for (long t = first; t <= last; t += 20 * MINUTE) {
            counter = t == reset ? 1 : t == first ? counter : counter + 1;
            double reading = t == glitch ? 1e6 : counter;
            fx.post("o1", "meter", "berlin1", t, "kwh", reading);
            fx.post("o1", "meter", "utc1", t, "kwh", reading);
        }
        // Berlin: Friday gets half of the 23:50–00:10 interval (0.5); Saturday 24 h × 3 = 72 (the reset loses
        // nothing); Sunday has 23 hours (clocks go forward at 02:00): 69, less the two 20-minute intervals around
        // the glitch, whose rises are far beyond 100 kWh/h and count nothing: 67. Monday is still open.
        var berlin = fx.await("berlin1", "kwh_day", s -> s.size() >= 3);
        assertThat(berlin.keySet()).containsExactly(at(2026, 3, 27, 0, 0, BERLIN), at(2026, 3, 28, 0, 0, BERLIN),
                at(2026, 3, 29, 0, 0, BERLIN));
        assertThat(berlin.get(at(2026, 3, 27, 0, 0, BERLIN))).singleElement().satisfies(v ->
                assertThat(v).isCloseTo(0.5, within(1e-9)));
        assertThat(berlin.get(at(2026, 3, 28, 0, 0, BERLIN))).singleElement().satisfies(v ->
                assertThat(v).isCloseTo(72.0, within(1e-9)));
        assertThat(berlin.get(at(2026, 3, 29, 0, 0, BERLIN))).singleElement().satisfies(v ->
                assertThat(v).isCloseTo(67.0, within(1e-9)));
        // UTC: readings run from 22:50Z on the 27th to 22:10Z on the 29th. The 27th gets 70 minutes (3.5); the
        // 28th 72; the 29th has no reading at or after its end yet, so it is not written.
        var utc = fx.settle("utc1", "kwh_day", Duration.ofSeconds(2));
        assertThat(utc.keySet()).containsExactly(at(2026, 3, 27, 0, 0, ZoneOffset.UTC),
                at(2026, 3, 28, 0, 0, ZoneOffset.UTC));
        assertThat(utc.get(at(2026, 3, 27, 0, 0, ZoneOffset.UTC)).getFirst()).isCloseTo(3.5, within(1e-9));
        assertThat(utc.get(at(2026, 3, 28, 0, 0, ZoneOffset.UTC)).getFirst()).isCloseTo(72.0, within(1e-9));
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aLateReadingCorrectsTheDaysItSplitsAndOneBeyondTheLatencyIsDropped() {
        var p = policy("meter2", "meterReading", "kwh", "kwh_day");
        p.put("timeZone", "UTC");
        StreamJob job = fx.job("o1", TemplateType.ElectricEnergy,
                Map.of("latencySeconds", 86_400, "policies", List.of(p)));
        fx.start(job);
        long d = at(2026, 6, 10, 0, 0, ZoneOffset.UTC);
        long day = 24 * HOUR;
        fx.post("o1", "meter2", "late1", d + 22 * HOUR, "kwh", 0);
        fx.post("o1", "meter2", "late1", d + day + 2 * HOUR, "kwh", 40);  // 40 over 4 h: 20 before midnight
        fx.post("o1", "meter2", "late1", d + day + 3 * HOUR, "kwh", 50);
        assertThat(fx.await("late1", "kwh_day", s -> s.containsKey(d)).get(d)).containsExactly(20.0);
        fx.post("o1", "meter2", "late1", d + day, "kwh", 36);  // the midnight reading, late: the day had 36
        var got = fx.await("late1", "kwh_day", s -> s.getOrDefault(d, List.of()).size() >= 2);
        assertThat(got.get(d)).hasSize(2).last().satisfies(v -> assertThat(v).isCloseTo(36.0, within(1e-9)));
        fx.post("o1", "meter2", "late1", d + 2 * day, "kwh", 60);            // closes the 11th: 4 + 10 + 10
        fx.post("o1", "meter2", "late1", d + 3 * day + HOUR, "kwh", 70);     // the 10th is now a day beyond
        fx.post("o1", "meter2", "late1", d + 23 * HOUR, "kwh", 30);          // too late: dropped
        got = fx.settle("late1", "kwh_day", Duration.ofSeconds(2));
        assertThat(got.get(d)).hasSize(2).last().satisfies(v -> assertThat(v).isCloseTo(36.0, within(1e-9)));
        assertThat(got.get(d + day)).singleElement().satisfies(v -> assertThat(v).isCloseTo(24.0, within(1e-9)));
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aLateReadingAlsoCorrectsTheIntervalValuesOfTheCurrentDayWrittenBeforeIt() {
        var p = policy("meter2", "meterReading", "kwh", "kwh_day");
        p.put("timeZone", "UTC");
        p.put("intervalMinutes", 60);
        p.put("intervalPoint", "kwh_today");
        StreamJob job = fx.job("o1", TemplateType.ElectricEnergy,
                Map.of("latencySeconds", 86_400, "policies", List.of(p)));
        fx.start(job);
        long d = at(2026, 6, 20, 0, 0, ZoneOffset.UTC);
        fx.post("o1", "meter2", "late2", d, "kwh", 0);
        fx.post("o1", "meter2", "late2", d + 4 * HOUR, "kwh", 40);  // 10 an hour as far as the job knows
        assertThat(fx.await("late2", "kwh_today", s -> s.size() >= 4).get(d + HOUR)).containsExactly(10.0);
        fx.post("o1", "meter2", "late2", d + HOUR, "kwh", 25);      // late: 25 in the first hour, 5 an hour after
        var got = fx.await("late2", "kwh_today", s -> s.get(d + 4 * HOUR).size() >= 2);
        // the meter's curve through (0 h, 0), (1 h, 25), (4 h, 40), read at each hour
        double[] hours = {0, 1, 4};
        double[] kwh = {0, 25, 40};
        for (int h = 1; h <= 4; h++) {
            int k = h <= 1 ? 0 : 1;
            double want = kwh[k] + (kwh[k + 1] - kwh[k]) * (h - hours[k]) / (hours[k + 1] - hours[k]);
            assertThat(got.get(d + h * HOUR).getLast()).as("at %d h", h).isCloseTo(want, within(1e-9));
        }
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void powerIsIntegratedPerDayAndTheCurrentDayIsWrittenAtEveryIntervalFromOneOrganizationOnly() {
        var p = policy("inv", "powerIntegral", "power", "kwh_day");
        p.put("timeZone", "+02:00");
        p.put("intervalMinutes", 60);
        p.put("intervalPoint", "kwh_today");
        StreamJob job = fx.job("o1", TemplateType.ElectricEnergy, Map.of("policies", List.of(p)));
        fx.start(job);
        ZoneId zone = ZoneOffset.ofHours(2);
        long from = at(2026, 7, 1, 21, 0, zone);
        long to = at(2026, 7, 2, 3, 10, zone);
        for (long t = from; t <= to; t += 10 * MINUTE) {
            fx.post("o1", "inv", "pv1", t, "power", 6);        // 6 kW all along
            fx.post("o2", "inv", "pv1", t, "power", 1_000);    // the same ids in another organization
        }
        // 21:00–24:00 at 6 kW: 18 kWh; the current day so far at each hour: 6, 12 on the 1st; 6, 12, 18 on the 2nd
        var daily = fx.await("pv1", "kwh_day", s -> !s.isEmpty());
        assertThat(daily.keySet()).containsExactly(at(2026, 7, 1, 0, 0, zone));
        assertThat(daily.firstEntry().getValue()).singleElement().satisfies(v ->
                assertThat(v).isCloseTo(18.0, within(1e-9)));
        var today = fx.await("pv1", "kwh_today", s -> s.size() >= 5);
        var want = Map.of(at(2026, 7, 1, 22, 0, zone), 6.0, at(2026, 7, 1, 23, 0, zone), 12.0,
                at(2026, 7, 2, 1, 0, zone), 6.0, at(2026, 7, 2, 2, 0, zone), 12.0, at(2026, 7, 2, 3, 0, zone), 18.0);
        assertThat(today.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
        want.forEach((t, v) -> assertThat(today.get(t)).singleElement().satisfies(x ->
                assertThat(x).isCloseTo(v, within(1e-9))));
        fx.engine.stop(job.pipelineId());
    }
}
