package org.openenos.query;

import java.util.List;

/**
 * The EnOS {@code expression} filter of search APIs as a tree: comparisons, {@code in}, {@code like} and
 * {@code exists(field)} joined with {@code and}, {@code or}, {@code not} and parentheses. Fields are dotted names
 * such as {@code status}, {@code tags.site} or {@code attributes.ratedPower}.
 */
public sealed interface FilterExpression {
    enum Operator { EQ, NE, GT, GE, LT, LE }

    record And(List<FilterExpression> terms) implements FilterExpression {
    }

    record Or(List<FilterExpression> terms) implements FilterExpression {
    }

    record Not(FilterExpression term) implements FilterExpression {
    }

    /** {@code value} is a String, a Double or a Boolean. */
    record Compare(String field, Operator operator, Object value) implements FilterExpression {
    }

    record In(String field, List<Object> values) implements FilterExpression {
    }

    /** SQL-style pattern: {@code %} any run of characters, {@code _} one character. */
    record Like(String field, String pattern) implements FilterExpression {
    }

    record Exists(String field) implements FilterExpression {
    }

    static FilterExpression parse(String text) {
        return new FilterParser(text).parse();
    }
}
