package org.openenos.alerting.expression;

/** Value conversions of the expression language: numbers are doubles, booleans compare as 0/1 with numbers. */
final class Values {
    private Values() {
    }

    static Object normalize(Object v) {
        if (v instanceof Number n && !(v instanceof Double)) {
            return n.doubleValue();
        }
        return v;
    }

    static Double number(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Boolean bool(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        Double d = number(v);
        return d == null ? null : d != 0;
    }

    /** Equality across types: numerically when both sides read as numbers (enum "2" equals 2), else as text. */
    static boolean equal(Object a, Object b) {
        if (a instanceof String || b instanceof String) {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                return x.doubleValue() == y.doubleValue();
            }
            return String.valueOf(a).equals(String.valueOf(b));
        }
        Double x = number(a);
        Double y = number(b);
        return x != null && y != null ? x.doubleValue() == y.doubleValue() : a.equals(b);
    }
}
