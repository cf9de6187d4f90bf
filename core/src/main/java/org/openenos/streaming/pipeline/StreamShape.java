package org.openenos.streaming.pipeline;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.openenos.streaming.PointRef;

/**
 * What the records a stage emits can hold, as the validator knows it before the pipeline runs: the points records
 * can be of, the points whose values they can carry beside their own (merged by a latest-record merger), and the
 * keys of {@code attr} that stages before set. A stage whose config needs more than its inputs' shape is a type
 * mismatch, reported before release.
 */
record StreamShape(Set<PointRef> points, Set<PointRef> carried, Set<String> attributes) {
    static final StreamShape EMPTY = new StreamShape(Set.of(), Set.of(), Set.of());

    StreamShape {
        points = Set.copyOf(points);
        carried = Set.copyOf(carried);
        attributes = Set.copyOf(attributes);
    }

    StreamShape union(StreamShape other) {
        return new StreamShape(plus(points, other.points), plus(carried, other.carried),
                plus(attributes, other.attributes));
    }

    StreamShape withAttributes(String... keys) {
        return new StreamShape(points, carried, plus(attributes, Set.of(keys)));
    }

    StreamShape withPoints(Set<PointRef> newPoints) {
        return new StreamShape(newPoints, carried, attributes);
    }

    /** Whether an expression can read the point from these records. */
    boolean readable(PointRef point) {
        return points.contains(point) || carried.contains(point);
    }

    /** Whether {@code $attr{key}} can be set on these records. */
    boolean hasAttribute(String key) {
        return attributes.contains(key) || attributes.contains(RecordAttributes.ASSET_PREFIX + key)
                || attributes.contains(RecordAttributes.ALL_ASSET_ATTRIBUTES);
    }

    String describePoints() {
        var all = new TreeSet<String>();
        points.forEach(p -> all.add(p.toString()));
        carried.forEach(p -> all.add(p.toString()));
        return all.isEmpty() ? "no point" : String.join(", ", all);
    }

    private static <T> Set<T> plus(Set<T> a, Set<T> b) {
        var all = new LinkedHashSet<T>(a);
        all.addAll(b);
        return all;
    }
}
