package org.openenos.batch;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openenos.error.OpenEnosException;

/**
 * The EnOS system variables of one run, from its trigger time: the business date {@code cal_dt} is the trigger date
 * minus one day. {@code ${cal_dt-n}} / {@code ${cal_dt+n}} shift it by n days. Workflow and task parameters
 * ({@code key=value}) are resolved the same way and may themselves use system variables.
 */
public final class SystemVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)([+-]\\d+)?}");
    private static final DateTimeFormatter D10 = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;
    private final Map<String, String> values = new HashMap<>();
    private final LocalDate calDt;

    public SystemVariables(Instant triggerTime, ZoneId zone, long instanceId, long taskInstId,
                           Map<String, String> parameters) {
        LocalDateTime trigger = LocalDateTime.ofInstant(triggerTime, zone);
        calDt = trigger.toLocalDate().minusDays(1);
        LocalDateTime lastHour = trigger.minusHours(1);
        both("first_day_this_month", calDt.withDayOfMonth(1));
        both("end_day_this_month", calDt.with(TemporalAdjusters.lastDayOfMonth()));
        both("first_day_last_month", calDt.minusMonths(1).withDayOfMonth(1));
        both("last_day_last_month", calDt.withDayOfMonth(1).minusDays(1));
        both("monday_next_week", calDt.with(TemporalAdjusters.next(DayOfWeek.MONDAY)));
        values.put("last_week8", calDt.minusDays(7).format(D8));
        values.put("30days_cal_dt", calDt.minusDays(30).format(D10));
        values.put("hcal_dt8", lastHour.toLocalDate().format(D8));
        values.put("cal_hr", String.format("%02d", lastHour.getHour()));
        values.put("this_hour", trigger.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH")));
        values.put("unix_timestamp", Long.toString(triggerTime.getEpochSecond()));
        values.put("instance_id", Long.toString(instanceId));
        values.put("task_id", Long.toString(taskInstId));
        for (var p : parameters.entrySet()) {
            values.put(p.getKey(), resolve(p.getValue()));
        }
    }

    private void both(String name, LocalDate date) {
        values.put(name + "8", date.format(D8));
        values.put(name + "10", date.format(D10));
    }

    /** The business date: the trigger date minus one day. */
    public LocalDate calDt() {
        return calDt;
    }

    public static LocalDate businessDate(Instant triggerTime, ZoneId zone) {
        return LocalDateTime.ofInstant(triggerTime, zone).toLocalDate().minusDays(1);
    }

    /** Replaces every {@code ${...}}; an unknown variable is an error rather than text a query would misread. */
    public String resolve(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String name, String shift) {
        int days = shift == null ? 0 : Integer.parseInt(shift);
        return switch (name) {
            case "cal_dt" -> calDt.plusDays(days).format(D10);
            case "cal_dt8" -> calDt.plusDays(days).format(D8);
            case "ncal_dt" -> calDt.plusDays(1L + days).format(D10);
            case "ncal_dt8" -> calDt.plusDays(1L + days).format(D8);
            default -> {
                String v = values.get(name);
                if (v == null || shift != null) {
                    throw OpenEnosException.badArgument("unknown variable ${" + name + (shift == null ? "" : shift)
                            + "}: use a system variable such as ${cal_dt} or a workflow parameter");
                }
                yield v;
            }
        };
    }
}
