package org.openenos.batch;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.openenos.error.OpenEnosException;

/**
 * A Quartz cron ({@code sec min hour day-of-month month day-of-week [year]}) as EnOS workflows use, e.g.
 * {@code 0 0 1 * * ? *}, parsed and evaluated by cron-utils with its Quartz definition: numbers, {@code *}, lists,
 * ranges, {@code /} steps, {@code L}, {@code W} and {@code #}; day of week 1–7 is Sunday–Saturday (or SUN–SAT); one of
 * day-of-month and day-of-week is {@code ?}, as Quartz requires.
 */
public final class QuartzCron {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private final String expression;
    private final ExecutionTime executionTime;

    private QuartzCron(String expression, ExecutionTime executionTime) {
        this.expression = expression;
        this.executionTime = executionTime;
    }

    public static QuartzCron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw OpenEnosException.badArgument("cron is empty");
        }
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields < 6 || fields > 7) {
            throw OpenEnosException.badArgument("cron \"" + expression + "\" must have 6 or 7 fields (Quartz: "
                    + "sec min hour day-of-month month day-of-week [year])");
        }
        try {
            return new QuartzCron(expression, ExecutionTime.forCron(PARSER.parse(trimmed.toUpperCase()).validate()));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("cron \"" + expression + "\" is not a valid Quartz cron: "
                    + e.getMessage());
        }
    }

    /** The first firing time strictly after {@code after}, or null when there is none (a past year field). */
    public ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime from = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.SECONDS);
        return executionTime.nextExecution(from).orElse(null);
    }

    /** The last firing time at or before {@code at}, or null when there is none. */
    public ZonedDateTime latest(ZonedDateTime at, ZoneId zone) {
        ZonedDateTime from = at.withZoneSameInstant(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return executionTime.lastExecution(from).orElse(null);
    }

    @Override
    public String toString() {
        return expression;
    }
}
