package org.openenos.edge.compute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.openenos.edge.config.CalculatedPointConfig;
import org.openenos.edge.field.Sample;
import org.openenos.edge.mapping.Expression;
import org.openenos.edge.mapping.TemplateMapper;

/**
 * The calculated points of one device, evaluated in order after the mapping so that a later point can use an
 * earlier one. Windowed aggregates keep the good samples of the last window; the integral uses the trapezoid rule
 * between consecutive good samples and skips a gap of bad quality instead of bridging it with a guess.
 */
public final class CalculatedPoints {
    private interface Calculator {
        Sample next(Map<String, Sample> points);
    }

    private record Named(String measurepoint, Calculator calculator) {
    }

    private final List<Named> calculators = new ArrayList<>();

    public CalculatedPoints(List<CalculatedPointConfig> configs) {
        for (CalculatedPointConfig c : configs) {
            calculators.add(new Named(c.measurepoint(), switch (c.aggregate()) {
                case null -> expression(Expression.parse(c.expression()));
                case INTEGRAL -> new Integral(c.source(), c.unitSeconds() * 1000.0);
                default -> new Window(c.source(), c.aggregate(), c.windowSeconds() * 1000L);
            }));
        }
    }

    /** Adds the calculated points to {@code points} (which holds the mapped points of this cycle). */
    public void apply(Map<String, Sample> points) {
        for (Named named : calculators) {
            Sample result = named.calculator.next(points);
            if (result != null) {
                points.put(named.measurepoint, result);
            }
        }
    }

    private static Calculator expression(Expression expression) {
        return points -> TemplateMapper.evaluate(expression, points);
    }

    private static final class Window implements Calculator {
        private final String source;
        private final CalculatedPointConfig.Aggregate aggregate;
        private final long windowMillis;
        private final Deque<Sample> samples = new ArrayDeque<>();

        Window(String source, CalculatedPointConfig.Aggregate aggregate, long windowMillis) {
            this.source = source;
            this.aggregate = aggregate;
            this.windowMillis = windowMillis;
        }

        @Override
        public Sample next(Map<String, Sample> points) {
            Sample s = points.get(source);
            if (s == null) {
                return null;
            }
            if (s.isGood()) {
                samples.addLast(s);
            }
            while (!samples.isEmpty() && samples.peekFirst().time() <= s.time() - windowMillis) {
                samples.removeFirst();
            }
            if (samples.isEmpty()) {
                return Sample.bad(s.time());
            }
            double value = switch (aggregate) {
                case MAX -> samples.stream().mapToDouble(Sample::asDouble).max().orElseThrow();
                case MIN -> samples.stream().mapToDouble(Sample::asDouble).min().orElseThrow();
                default -> samples.stream().mapToDouble(Sample::asDouble).average().orElseThrow();
            };
            return Sample.good(value, s.time());
        }
    }

    private static final class Integral implements Calculator {
        private final String source;
        private final double unitMillis;
        private Sample previous;
        private double total;

        Integral(String source, double unitMillis) {
            this.source = source;
            this.unitMillis = unitMillis;
        }

        @Override
        public Sample next(Map<String, Sample> points) {
            Sample s = points.get(source);
            if (s == null) {
                return null;
            }
            if (!s.isGood()) {
                previous = null;
                return Sample.good(total, s.time());
            }
            if (previous != null && s.time() > previous.time()) {
                total += (previous.asDouble() + s.asDouble()) / 2 * (s.time() - previous.time()) / unitMillis;
            }
            previous = s;
            return Sample.good(total, s.time());
        }
    }
}
