package org.openenos.query;

import java.util.ArrayList;
import java.util.List;
import org.openenos.error.OpenEnosException;

/** Recursive-descent parser of {@link FilterExpression}; errors name the position and what was expected. */
final class FilterParser {
    private static final int MAX_LENGTH = 4096;
    private final String text;
    private int pos;

    FilterParser(String text) {
        if (text == null || text.isBlank()) {
            throw error("is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw error("is longer than " + MAX_LENGTH + " characters");
        }
        this.text = text;
    }

    FilterExpression parse() {
        FilterExpression e = or();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.substring(pos, Math.min(text.length(), pos + 10)) + "' at " + pos);
        }
        return e;
    }

    private FilterExpression or() {
        List<FilterExpression> terms = new ArrayList<>(List.of(and()));
        while (keyword("or")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.getFirst() : new FilterExpression.Or(terms);
    }

    private FilterExpression and() {
        List<FilterExpression> terms = new ArrayList<>(List.of(unary()));
        while (keyword("and")) {
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.getFirst() : new FilterExpression.And(terms);
    }

    private FilterExpression unary() {
        if (keyword("not")) {
            return new FilterExpression.Not(unary());
        }
        if (symbol("(")) {
            FilterExpression inner = or();
            expect(")");
            return inner;
        }
        if (keyword("exists")) {
            expect("(");
            String field = field();
            expect(")");
            return new FilterExpression.Exists(field);
        }
        String field = field();
        if (keyword("in")) {
            return new FilterExpression.In(field, list());
        }
        if (keyword("not")) {
            if (!keyword("in")) {
                throw error("expected 'in' after 'not' at " + pos);
            }
            return new FilterExpression.Not(new FilterExpression.In(field, list()));
        }
        if (keyword("like")) {
            Object pattern = value();
            if (!(pattern instanceof String s)) {
                throw error("'like' needs a quoted pattern at " + pos);
            }
            return new FilterExpression.Like(field, s);
        }
        return new FilterExpression.Compare(field, operator(), value());
    }

    private List<Object> list() {
        expect("(");
        List<Object> values = new ArrayList<>(List.of(value()));
        while (symbol(",")) {
            values.add(value());
        }
        expect(")");
        return values;
    }

    private FilterExpression.Operator operator() {
        skipSpace();
        for (var candidate : List.of(">=", "<=", "!=", "<>", "=", ">", "<")) {
            if (text.startsWith(candidate, pos)) {
                pos += candidate.length();
                return switch (candidate) {
                    case ">=" -> FilterExpression.Operator.GE;
                    case "<=" -> FilterExpression.Operator.LE;
                    case "!=", "<>" -> FilterExpression.Operator.NE;
                    case "=" -> FilterExpression.Operator.EQ;
                    case ">" -> FilterExpression.Operator.GT;
                    default -> FilterExpression.Operator.LT;
                };
            }
        }
        throw error("expected an operator (=, !=, >, >=, <, <=, in, like) at " + pos);
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value at the end");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char d = text.charAt(pos++);
                if (d == c) {
                    if (pos < text.length() && text.charAt(pos) == c) {
                        sb.append(c);
                        pos++;
                        continue;
                    }
                    return sb.toString();
                }
                sb.append(d);
            }
            throw error("unterminated string");
        }
        int start = pos;
        while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos > start) {
            try {
                return Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("bad number '" + text.substring(start, pos) + "'");
            }
        }
        if (keyword("true")) {
            return Boolean.TRUE;
        }
        if (keyword("false")) {
            return Boolean.FALSE;
        }
        throw error("expected a quoted string, a number or true/false at " + pos);
    }

    private String field() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a field name at " + pos);
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean symbol(String s) {
        skipSpace();
        if (text.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!symbol(s)) {
            throw error("expected '" + s + "' at " + pos);
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static OpenEnosException error(String what) {
        return OpenEnosException.badArgument("expression: " + what);
    }
}
