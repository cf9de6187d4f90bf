package org.openenos.timeseries.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The condition of {@code latest/filter}: {@code eq, nq, gt, lt, ge, le} take one value, {@code between} two (both
 * included), {@code in} one or more. Numeric values compare as numbers, so the filter values must be numbers for a
 * numeric point; booleans match {@code true/false} or {@code 1/0}; text compares as text.
 */
public record LatestFilter(String operator, List<String> operands) {
    private static final List<String> SINGLE = List.of("eq", "nq", "gt", "lt", "ge", "le");

    public static LatestFilter parse(String operator, String valueFilter) {
        if (operator == null || operator.isBlank()) {
            throw TsdbTime.bad("operator is required: eq, nq, gt, lt, ge, le, between or in");
        }
        String op = operator.trim().toLowerCase(Locale.ROOT);
        if (valueFilter == null || valueFilter.isBlank()) {
            throw TsdbTime.bad("valueFilter is required");
        }
        List<String> operands = Arrays.stream(valueFilter.split(",")).map(String::trim).toList();
        if (operands.stream().anyMatch(String::isEmpty)) {
            throw TsdbTime.bad("valueFilter '" + valueFilter + "' has an empty value");
        }
        int expected = SINGLE.contains(op) ? 1 : "between".equals(op) ? 2 : "in".equals(op) ? -1 : 0;
        if (expected == 0) {
            throw TsdbTime.bad("unknown operator '" + operator + "'; use eq, nq, gt, lt, ge, le, between or in");
        }
        if (expected > 0 && operands.size() != expected) {
            throw TsdbTime.bad("operator " + op + " takes " + expected + (expected == 1 ? " value" : " values")
                    + " in valueFilter, got " + operands.size());
        }
        return new LatestFilter(op, operands);
    }

    /** Whether {@code value} (of point {@code pointId}) satisfies the condition. */
    public boolean test(String pointId, Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return switch (operator) {
                case "eq", "in" -> operands.stream().anyMatch(o -> matches(b, o));
                case "nq" -> !matches(b, operands.getFirst());
                default -> throw TsdbTime.bad("operator " + operator + " does not apply to boolean point " + pointId);
            };
        }
        if (value instanceof Number n) {
            double v = n.doubleValue();
            double[] x = numbers(pointId);
            return compare(operator, Double.compare(v, x[0]), x.length > 1 ? Double.compare(v, x[1]) : 0,
                    Arrays.stream(x).anyMatch(o -> o == v));
        }
        String s = value.toString();
        return compare(operator, s.compareTo(operands.getFirst()),
                operands.size() > 1 ? s.compareTo(operands.get(1)) : 0, operands.contains(s));
    }

    private static boolean compare(String op, int toFirst, int toSecond, boolean inList) {
        return switch (op) {
            case "eq" -> toFirst == 0;
            case "nq" -> toFirst != 0;
            case "gt" -> toFirst > 0;
            case "lt" -> toFirst < 0;
            case "ge" -> toFirst >= 0;
            case "le" -> toFirst <= 0;
            case "between" -> toFirst >= 0 && toSecond <= 0;
            default -> inList;
        };
    }

    private double[] numbers(String pointId) {
        try {
            return operands.stream().mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw TsdbTime.bad("valueFilter must hold numbers for numeric point " + pointId);
        }
    }

    private static boolean matches(boolean b, String operand) {
        return b ? operand.equalsIgnoreCase("true") || operand.equals("1")
                : operand.equalsIgnoreCase("false") || operand.equals("0");
    }
}
