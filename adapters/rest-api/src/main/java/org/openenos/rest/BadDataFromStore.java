package org.openenos.rest;

import java.sql.SQLException;

/**
 * Recognizes a database's refusal of a value the request carried: SQL state class 22 ("data exception": a NUL
 * character, a number out of range, a text too long for its column, an invalid date). The store adapters pass the
 * {@link SQLException} on as the cause; whatever wraps it, the caller sent the bad value, so it is a 400, not a 500.
 */
final class BadDataFromStore {
    private BadDataFromStore() {
    }

    /** A short reason when {@code e} or one of its causes is such a refusal, else {@code null}. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return switch (sql.getSQLState()) {
                    case "22021", "22P05" -> "a text contains a character that cannot be stored (such as NUL)";
                    case "22001" -> "a text is too long";
                    case "22003" -> "a number is out of range";
                    case "22007", "22008" -> "a date or time is not valid";
                    default -> "the store refused it (SQL state " + sql.getSQLState() + ")";
                };
            }
        }
        return null;
    }
}
