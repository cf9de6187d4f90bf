package org.openenos.edge.mapping;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.openenos.edge.field.Sample;

/**
 * The template formulas of EnOS Edge (reference §7). Each takes the samples of its inputs, in the configured order,
 * and the mapping's params; a bad input makes the output bad, except MULTICHANNEL, whose purpose is to fail over.
 */
public enum Formula {
    /** y = x. */
    EQUAL(1, 1),
    /** y = x1 + x2 + …. */
    SUM(1, Integer.MAX_VALUE),
    /** y = x1 * x2 * …. */
    PRODUCT(1, Integer.MAX_VALUE),
    /** y = x1*x2 + x3*x4 + … (pairs, e.g. per-phase voltage times current). */
    CROSS_PRODUCT(2, Integer.MAX_VALUE),
    /** y = x * params.ratio (a transformer ratio, for instance). */
    RATIO(1, 1),
    /** y = x1 / (x1 + x2 + …). */
    RATIO_AGAINST_SUM(2, Integer.MAX_VALUE),
    /** y = 1 when any input is non-zero. */
    LOGICAL_OR(1, Integer.MAX_VALUE),
    /** y = bit params.n of x. */
    BIT_N(1, 1),
    /** y = bits params.m..params.n of x (inclusive, m the lower), as an integer. */
    BITS_M_TO_N(1, 1),
    /** y = params.then when x == params.equals, otherwise params.else (or x itself when no else is given). */
    IF_EQUAL(1, 1),
    /** y = the first input with good quality: redundant channels measuring the same quantity. */
    MULTICHANNEL(1, Integer.MAX_VALUE),
    /** y = sum of (bit of input i) << i: status bits spread over several points packed into one value. */
    MULTIBIT(1, 63),
    /** The point is not uploaded. */
    NO_MAPPING(0, Integer.MAX_VALUE),
    /** The point is uploaded with bad quality. */
    INVALID(0, Integer.MAX_VALUE);

    private final int minInputs;
    private final int maxInputs;

    Formula(int minInputs, int maxInputs) {
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
    }

    public void checkArity(String point, int inputs, Map<String, Object> params) {
        if (inputs < minInputs || inputs > maxInputs) {
            throw new IllegalArgumentException("measure point '" + point + "': " + this + " takes "
                    + (minInputs == maxInputs ? String.valueOf(minInputs) : minInputs + ".." + maxInputs)
                    + " inputs, not " + inputs);
        }
        List<String> allowed = allowedParams();
        for (String param : new TreeSet<>(params.keySet())) {
            // A misspelt or invented param (PRODUCT with factor: 0.1) would otherwise be ignored without a word.
            if (!allowed.contains(param)) {
                throw new IllegalArgumentException("measure point '" + point + "': formula " + this
                        + " does not take param '" + param + "' ("
                        + (allowed.isEmpty() ? "it takes no params" : "allowed: " + String.join(", ", allowed)) + ")");
            }
        }
        for (String required : switch (this) {
            case RATIO -> List.of("ratio");
            case BIT_N -> List.of("n");
            case BITS_M_TO_N -> List.of("m", "n");
            case IF_EQUAL -> List.of("equals", "then");
            default -> List.<String>of();
        }) {
            if (!(params.get(required) instanceof Number)) {
                throw new IllegalArgumentException("measure point '" + point + "': " + this + " needs a numeric param '"
                        + required + "'");
            }
        }
        if (this == CROSS_PRODUCT && inputs % 2 != 0) {
            throw new IllegalArgumentException("measure point '" + point + "': CROSS_PRODUCT takes pairs of inputs");
        }
    }

    /** Every param this formula reads; any other one is a configuration error. */
    public List<String> allowedParams() {
        return switch (this) {
            case RATIO -> List.of("ratio");
            case BIT_N -> List.of("n");
            case BITS_M_TO_N -> List.of("m", "n");
            case IF_EQUAL -> List.of("equals", "then", "else");
            default -> List.of();
        };
    }

    /** Applies the formula; returns null for NO_MAPPING (nothing to upload). */
    public Sample apply(List<Sample> in, Map<String, Object> params) {
        long time = in.stream().mapToLong(Sample::time).max().orElse(System.currentTimeMillis());
        if (this == NO_MAPPING) {
            return null;
        }
        if (this == INVALID) {
            return Sample.bad(time);
        }
        if (this == MULTICHANNEL) {
            return in.stream().filter(Sample::isGood).findFirst().orElse(Sample.bad(time));
        }
        if (in.stream().anyMatch(s -> !s.isGood())) {
            return Sample.bad(time);
        }
        Object value = switch (this) {
            case EQUAL -> in.getFirst().value();
            case SUM -> in.stream().mapToDouble(Sample::asDouble).sum();
            case PRODUCT -> in.stream().mapToDouble(Sample::asDouble).reduce(1, (a, b) -> a * b);
            case CROSS_PRODUCT -> crossProduct(in);
            case RATIO -> in.getFirst().asDouble() * number(params, "ratio");
            case RATIO_AGAINST_SUM -> ratioAgainstSum(in);
            case LOGICAL_OR -> in.stream().anyMatch(s -> s.asDouble() != 0) ? 1L : 0L;
            case BIT_N -> (in.getFirst().asLong() >>> (long) number(params, "n")) & 1L;
            case BITS_M_TO_N -> bits(in.getFirst().asLong(), (int) number(params, "m"), (int) number(params, "n"));
            case IF_EQUAL -> in.getFirst().asDouble() == number(params, "equals") ? params.get("then")
                    : params.getOrDefault("else", in.getFirst().value());
            case MULTIBIT -> multibit(in);
            default -> throw new IllegalStateException(this + " handled above");
        };
        return value instanceof Double d && (d.isNaN() || d.isInfinite()) ? Sample.bad(time) : Sample.good(value, time);
    }

    private static double crossProduct(List<Sample> in) {
        double sum = 0;
        for (int i = 0; i + 1 < in.size(); i += 2) {
            sum += in.get(i).asDouble() * in.get(i + 1).asDouble();
        }
        return sum;
    }

    private static double ratioAgainstSum(List<Sample> in) {
        double total = in.stream().mapToDouble(Sample::asDouble).sum();
        return total == 0 ? Double.NaN : in.getFirst().asDouble() / total;
    }

    private static long bits(long x, int m, int n) {
        int low = Math.min(m, n);
        int width = Math.abs(n - m) + 1;
        return (x >>> low) & (width >= 64 ? -1L : (1L << width) - 1);
    }

    private static long multibit(List<Sample> in) {
        long value = 0;
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).asDouble() != 0) {
                value |= 1L << i;
            }
        }
        return value;
    }

    private static double number(Map<String, Object> params, String key) {
        return ((Number) params.get(key)).doubleValue();
    }
}
