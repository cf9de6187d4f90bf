package org.openenos.alerting.expression;

import java.util.Set;

/**
 * A parsed alert condition such as {@code ${temp} > 50 and ${state} in ('run', 'idle')}. Parse once with
 * {@link #parse}, evaluate many times; evaluation allocates nothing beyond boxed doubles.
 *
 * <p>Grammar: {@code or}/{@code ||}, {@code and}/{@code &&}, {@code not}/{@code !}, comparisons
 * {@code > >= < <= == = != <>}, {@code x between lo and hi}, {@code x [not] in (a, b)}, arithmetic {@code + - * / %},
 * functions {@code abs min max sqrt pow round floor ceil log log10 exp}, {@code if (c) { a } else { b }},
 * literals (numbers, 'strings', true, false), points {@code ${id}} and asset
 * attributes {@code $attr{id}}.
 */
public final class Expression {
    private final String source;
    private final Node root;
    private final Set<String> points;
    private final Set<String> attributes;

    Expression(String source, Node root, Set<String> points, Set<String> attributes) {
        this.source = source;
        this.root = root;
        this.points = Set.copyOf(points);
        this.attributes = Set.copyOf(attributes);
    }

    public static Expression parse(String source) {
        if (source == null || source.isBlank()) {
            throw new ExpressionException("empty condition", -1);
        }
        return new Parser(source).parse();
    }

    /** TRUE, FALSE, or null when a value the condition needs is not known. */
    public Boolean test(Bindings bindings) {
        return Values.bool(root.eval(bindings));
    }

    /**
     * The value of the expression (a Double, Boolean or String), or null when a value it needs is not known; used
     * where an expression computes a point (the stream engine's calculated points) rather than tests a condition.
     */
    public Object evaluate(Bindings bindings) {
        return root.eval(bindings);
    }

    /** {@link #evaluate} as a number (booleans as 0/1, numeric text parsed); null when unknown or not numeric. */
    public Double evaluateNumber(Bindings bindings) {
        return Values.number(root.eval(bindings));
    }

    /** Identifiers of the measure points the condition reads. */
    public Set<String> points() {
        return points;
    }

    public Set<String> attributes() {
        return attributes;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
