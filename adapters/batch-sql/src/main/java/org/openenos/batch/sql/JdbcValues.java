package org.openenos.batch.sql;

import java.math.BigDecimal;
import java.sql.Timestamp;

/** JDBC values as plain JSON-friendly values: timestamps as epoch milliseconds, decimals as doubles. */
final class JdbcValues {
    private JdbcValues() {
    }

    static Object plain(Object v) {
        if (v instanceof Timestamp t) {
            return t.getTime();
        }
        if (v instanceof java.util.Date d) {
            return d.getTime();
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        return v;
    }
}
