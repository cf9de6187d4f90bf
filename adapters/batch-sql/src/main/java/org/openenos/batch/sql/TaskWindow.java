package org.openenos.batch.sql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.TaskContext;

/**
 * The history window and limits of a task's query: {@code from}/{@code to} settings (a date {@code yyyy-MM-dd} or
 * a date-time, usually from variables such as {@code ${cal_dt}}), by default the business day.
 */
final class TaskWindow {
    private TaskWindow() {
    }

    static SqlQueries.Limits of(TaskContext ctx, ZoneId zone) {
        Instant from = time(ctx.setting("from"), zone, ctx.calDt());
        Instant to = ctx.setting("to") == null ? ctx.calDt().plusDays(1).atStartOfDay(zone).toInstant()
                : time(ctx.setting("to"), zone, ctx.calDt());
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("task " + ctx.task().name() + ": to must be after from");
        }
        Duration left = Duration.between(Instant.now(), ctx.deadline());
        return new SqlQueries.Limits(from, to, ctx.maxRows(), left.isNegative() ? Duration.ofSeconds(1) : left);
    }

    private static Instant time(String text, ZoneId zone, LocalDate calDt) {
        if (text == null || text.isBlank()) {
            return calDt.atStartOfDay(zone).toInstant();
        }
        String t = text.strip();
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        }
        if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return Instant.parse(t);
        }
        return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
    }
}
