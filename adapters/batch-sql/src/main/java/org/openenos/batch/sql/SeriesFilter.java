package org.openenos.batch.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * What a query's filters say about the series and times it needs: equality or {@code IN} on a text column (asset,
 * point, granularity) and comparisons on the time column. The scan uses it to read only those series and that time
 * range; the filters themselves stay in the plan (Calcite still applies them), so a filter this class does not
 * understand only makes the scan read more, never return a wrong row. Only what translates exactly narrows the scan:
 * a column under a cast that changes its values is not a column here.
 */
final class SeriesFilter {
    /** Values a text column may take, or null when the filters do not restrict it. */
    private final Set<String>[] allowed;
    private long from;
    private long to;

    @SuppressWarnings("unchecked")
    private SeriesFilter(int columns, long from, long to) {
        this.allowed = new Set[columns];
        this.from = from;
        this.to = to;
    }

    /**
     * @param textColumns  indexes of the text columns to collect values for
     * @param timeColumn   index of the time column
     * @param from         the query window's start (inclusive), narrowed by the filters
     * @param to           the query window's end (exclusive), narrowed by the filters
     */
    static SeriesFilter of(List<RexNode> filters, int columns, Set<Integer> textColumns, int timeColumn, long from,
                           long to) {
        SeriesFilter f = new SeriesFilter(columns, from, to);
        for (RexNode filter : filters) {
            f.narrow(filter, textColumns, timeColumn);
        }
        return f;
    }

    /** Whether {@code value} of column {@code column} can pass the filters. */
    boolean admits(int column, String value) {
        return allowed[column] == null || allowed[column].contains(value);
    }

    /** The values column {@code column} is limited to, or null when any value may pass. */
    Set<String> values(int column) {
        return allowed[column];
    }

    long from() {
        return from;
    }

    long to() {
        return to;
    }

    boolean empty() {
        return to <= from;
    }

    private void narrow(RexNode filter, Set<Integer> textColumns, int timeColumn) {
        if (!(filter instanceof RexCall call)) {
            return;
        }
        if (call.getKind() == SqlKind.AND) {
            call.getOperands().forEach(o -> narrow(o, textColumns, timeColumn));
            return;
        }
        if (call.getKind() == SqlKind.OR) {
            // a disjunction of equalities on one text column (a1 OR a2): the union of their values
            Integer column = null;
            Set<String> union = new HashSet<>();
            for (RexNode o : call.getOperands()) {
                Equality e = equality(o);
                if (e == null || !textColumns.contains(e.column) || (column != null && column != e.column)) {
                    return;
                }
                column = e.column;
                union.addAll(e.values);
            }
            if (column != null) {
                restrict(column, union);
            }
            return;
        }
        if (call.getOperands().size() != 2) {
            return;
        }
        Integer column = column(call.getOperands().get(0));
        RexLiteral literal = literal(call.getOperands().get(1));
        SqlKind kind = call.getKind();
        if (column == null || literal == null) {
            column = column(call.getOperands().get(1));
            literal = literal(call.getOperands().get(0));
            kind = kind.reverse();
        }
        if (column == null || literal == null) {
            return;
        }
        if (textColumns.contains(column)) {
            Equality e = equality(call);
            if (e != null) {
                restrict(e.column, e.values);
            }
        } else if (column == timeColumn) {
            try {
                time(kind, literal);
            } catch (RuntimeException notATime) {
                // a comparison with something that is not a time literal: the scan is not narrowed by it
            }
        }
    }

    private void restrict(int column, Set<String> values) {
        if (allowed[column] == null) {
            allowed[column] = new HashSet<>(values);
        } else {
            allowed[column].retainAll(values);
        }
    }

    private void time(SqlKind kind, RexLiteral literal) {
        switch (kind) {
            case GREATER_THAN_OR_EQUAL -> from = Math.max(from, millis(literal));
            case GREATER_THAN -> from = Math.max(from, millis(literal) + 1);
            case LESS_THAN -> to = Math.min(to, millis(literal));
            case LESS_THAN_OR_EQUAL -> to = Math.min(to, millis(literal) + 1);
            case EQUALS -> {
                long t = millis(literal);
                from = Math.max(from, t);
                to = Math.min(to, t + 1);
            }
            case SEARCH -> {
                Sarg<?> sarg = literal.getValueAs(Sarg.class);
                if (sarg == null || sarg.rangeSet.isEmpty() || sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.UNKNOWN
                        && sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.FALSE) {
                    return;
                }
                Range<?> span = sarg.rangeSet.span();
                if (span.hasLowerBound()) {
                    long t = millis(span.lowerEndpoint());
                    from = Math.max(from, span.lowerBoundType() == BoundType.CLOSED ? t : t + 1);
                }
                if (span.hasUpperBound()) {
                    long t = millis(span.upperEndpoint());
                    to = Math.min(to, span.upperBoundType() == BoundType.CLOSED ? t + 1 : t);
                }
            }
            default -> {
            }
        }
    }

    private record Equality(int column, Set<String> values) {
    }

    /** {@code col = 'x'} or {@code col IN ('x', 'y')} (Calcite's SEARCH with points), either side. */
    private static Equality equality(RexNode node) {
        if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
            return null;
        }
        Integer column = column(call.getOperands().get(0));
        RexLiteral literal = literal(call.getOperands().get(1));
        if (column == null || literal == null) {
            column = column(call.getOperands().get(1));
            literal = literal(call.getOperands().get(0));
        }
        if (column == null || literal == null) {
            return null;
        }
        if (call.getKind() == SqlKind.EQUALS) {
            String v = text(literal.getValue());
            return v == null ? null : new Equality(column, Set.of(v));
        }
        if (call.getKind() == SqlKind.SEARCH) {
            Sarg<?> sarg = literal.getValueAs(Sarg.class);
            if (sarg == null || !sarg.isPoints() || sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.TRUE) {
                return null;
            }
            Set<String> values = new HashSet<>();
            for (Range<?> r : sarg.rangeSet.asRanges()) {
                String v = text(r.lowerEndpoint());
                if (v == null) {
                    return null;
                }
                values.add(v);
            }
            return new Equality(column, values);
        }
        return null;
    }

    /**
     * The column a filter side reads, seen through casts that keep every value as it is (a wider text or the same
     * time type); a cast that changes values ({@code CAST(ts AS DATE)}, a shorter {@code VARCHAR}) makes the side
     * an expression this class does not translate, so the predicate is left to Calcite alone.
     */
    private static Integer column(RexNode node) {
        RexNode n = node;
        while (n.getKind() == SqlKind.CAST && n instanceof RexCall c) {
            if (!keepsValues(c.getOperands().get(0).getType(), c.getType())) {
                return null;
            }
            n = c.getOperands().get(0);
        }
        return n instanceof RexInputRef ref ? ref.getIndex() : null;
    }

    private static boolean keepsValues(RelDataType from, RelDataType to) {
        SqlTypeName source = from.getSqlTypeName();
        SqlTypeName target = to.getSqlTypeName();
        if (SqlTypeName.CHAR_TYPES.contains(source) && target == SqlTypeName.VARCHAR) {
            int unspecified = RelDataType.PRECISION_NOT_SPECIFIED;
            return to.getPrecision() == unspecified
                    || from.getPrecision() != unspecified && to.getPrecision() >= from.getPrecision();
        }
        return source == target && (source != SqlTypeName.TIMESTAMP || to.getPrecision() >= from.getPrecision());
    }

    private static RexLiteral literal(RexNode node) {
        RexNode n = node;
        while (n.getKind() == SqlKind.CAST && n instanceof RexCall c) {
            n = c.getOperands().get(0);
        }
        return n instanceof RexLiteral l ? l : null;
    }

    private static String text(Object value) {
        if (value instanceof NlsString s) {
            return s.getValue();
        }
        return value instanceof String s ? s : null;
    }

    private static long millis(RexLiteral literal) {
        Long l = literal.getValueAs(Long.class);
        if (l == null) {
            throw new IllegalArgumentException("not a time: " + literal);
        }
        return l;
    }

    private static long millis(Object endpoint) {
        return switch (endpoint) {
            case TimestampString t -> t.getMillisSinceEpoch();
            case java.util.Calendar c -> c.getTimeInMillis();
            case Number n -> n.longValue();
            case org.apache.calcite.util.DateString d -> d.getMillisSinceEpoch();
            default -> throw new IllegalArgumentException("not a time: " + endpoint);
        };
    }
}
