package org.openenos.streaming;

import static org.openenos.streaming.JobSpecs.invalid;
import static org.openenos.streaming.JobSpecs.number;
import static org.openenos.streaming.JobSpecs.text;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Parses the config of the daily-energy template ({@code ElectricEnergy}):
 * <pre>{"latencySeconds": 3600, "policies": [{"modelId": "meter", "inputPoint": "kwh", "method": "meterReading",
 *   "outputPoint": "kwh_day", "maxRatePerHour": 500, "timeZone": "Europe/Berlin",
 *   "intervalMinutes": 15, "intervalPoint": "kwh_today"}]}</pre>
 */
final class EnergySpecs {
    /** A week: a meter that comes back online after a weekend still corrects the days it missed. */
    static final long MAX_LATENCY_SECONDS = 7 * 86_400;

    private EnergySpecs() {
    }

    static JobSpec.DailyEnergy parse(Map<String, Object> config) {
        long latencySeconds = (long) number(config, "latencySeconds", 0, "latencySeconds");
        if (latencySeconds < 0 || latencySeconds > MAX_LATENCY_SECONDS) {
            throw invalid("latencySeconds: must be between 0 and " + MAX_LATENCY_SECONDS + " (a week)");
        }
        var policies = new ArrayList<EnergyPolicy>();
        var outputs = new HashSet<PointRef>();
        List<Map<String, Object>> rows = JobSpecs.policies(config);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String at = "policies[" + i + "].";
            String model = text(row, "modelId", at);
            String input = text(row, "inputPoint", at);
            String output = text(row, "outputPoint", at);
            EnergyMethod method;
            try {
                method = EnergyMethod.parse(text(row, "method", at));
            } catch (IllegalArgumentException e) {
                throw invalid(at + "method: " + e.getMessage());
            }
            if (input.equals(output)) {
                throw invalid(at + "outputPoint: must differ from inputPoint");
            }
            if (!outputs.add(new PointRef(model, output))) {
                throw invalid(at + "outputPoint: " + output + " is written by another policy");
            }
            String zone = row.get("timeZone") == null ? null : String.valueOf(row.get("timeZone")).trim();
            if (zone != null && !zone.isEmpty()) {
                try {
                    ZoneId.of(zone);
                } catch (DateTimeException e) {
                    throw invalid(at + "timeZone: '" + zone + "' is neither an offset like +08:00 nor an IANA zone"
                            + " like Europe/Berlin");
                }
            } else {
                zone = null;
            }
            double maxRate = Double.POSITIVE_INFINITY;
            if (row.get("maxRatePerHour") != null) {
                if (method != EnergyMethod.METER_READING) {
                    throw invalid(at + "maxRatePerHour: applies to method meterReading only");
                }
                maxRate = number(row, "maxRatePerHour", -1, at + "maxRatePerHour");
                if (!(maxRate > 0)) {
                    throw invalid(at + "maxRatePerHour: must be a positive number");
                }
            }
            long intervalMillis = 0;
            String intervalPoint = null;
            if (row.get("intervalMinutes") != null) {
                double minutes = number(row, "intervalMinutes", -1, at + "intervalMinutes");
                if (minutes < 1 || minutes >= 24 * 60 || minutes != Math.rint(minutes)) {
                    throw invalid(at + "intervalMinutes: must be a whole number of minutes from 1 to 1439");
                }
                intervalMillis = Math.round(minutes) * 60_000;
                intervalPoint = text(row, "intervalPoint", at);
                if (intervalPoint.equals(output) || intervalPoint.equals(input)) {
                    throw invalid(at + "intervalPoint: must differ from inputPoint and outputPoint");
                }
                if (!outputs.add(new PointRef(model, intervalPoint))) {
                    throw invalid(at + "intervalPoint: " + intervalPoint + " is written by another policy");
                }
            } else if (row.get("intervalPoint") != null) {
                throw invalid(at + "intervalPoint: needs intervalMinutes");
            }
            policies.add(new EnergyPolicy(model, input, method, output, zone, maxRate, intervalMillis, intervalPoint));
        }
        var spec = new JobSpec.DailyEnergy(latencySeconds * 1000, policies);
        JobSpecs.refuseLoops(spec);
        return spec;
    }
}
