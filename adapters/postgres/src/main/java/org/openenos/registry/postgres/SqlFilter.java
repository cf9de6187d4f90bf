package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openenos.error.OpenEnosException;
import org.openenos.query.FilterExpression;

/**
 * Renders an EnOS {@code expression} filter as a parameterized SQL condition. Only fields in the resource's map (and
 * {@code tags.*} / {@code attributes.*} of its JSONB columns) can be named, and every value is a bind parameter, so a
 * filter can never inject SQL.
 */
final class SqlFilter {
    record Rendered(String sql, List<Object> params) {
    }

    /**
     * @param columns field name → SQL expression yielding text
     * @param tags    JSONB column holding tags, or null
     * @param attrs   JSONB column holding attributes, or null
     */
    record Fields(Map<String, String> columns, String tags, String attrs) {
    }

    private final Fields fields;
    private final List<Object> params = new ArrayList<>();

    private SqlFilter(Fields fields) {
        this.fields = fields;
    }

    static Rendered render(FilterExpression e, Fields fields) {
        SqlFilter f = new SqlFilter(fields);
        String sql = f.sql(e);
        return new Rendered(sql, f.params);
    }

    private String sql(FilterExpression e) {
        return switch (e) {
            case FilterExpression.And and -> and.terms().stream().map(this::sql)
                    .collect(Collectors.joining(" AND ", "(", ")"));
            case FilterExpression.Or or -> or.terms().stream().map(this::sql)
                    .collect(Collectors.joining(" OR ", "(", ")"));
            case FilterExpression.Not not -> "NOT COALESCE(" + sql(not.term()) + ", false)";
            case FilterExpression.Exists exists -> exists(exists.field());
            case FilterExpression.Like like -> {
                params.add(like.pattern());
                yield column(like.field()) + " LIKE ?";
            }
            case FilterExpression.In in -> {
                String col = column(in.field());
                in.values().forEach(v -> params.add(text(v)));
                yield col + " IN (" + in.values().stream().map(v -> "?").collect(Collectors.joining(", ")) + ")";
            }
            case FilterExpression.Compare c -> compare(c);
        };
    }

    private String compare(FilterExpression.Compare c) {
        String op = switch (c.operator()) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
        };
        if (c.value() instanceof Double number) {
            // numeric comparison only where the text is a number; other rows simply do not match. The column is
            // rendered twice, and each rendering binds its own parameters, in the order they appear.
            String test = column(c.field());
            String cast = column(c.field());
            params.add(number);
            return "(CASE WHEN " + test + " ~ '^[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?$' THEN (" + cast
                    + ")::double precision END) " + op + " ?";
        }
        String col = column(c.field());
        params.add(text(c.value()));
        return col + " " + op + " ?";
    }

    private String exists(String field) {
        String[] json = jsonField(field);
        if (json != null) {
            params.add(json[1]);
            return "jsonb_exists(" + json[0] + ", ?)";
        }
        return column(field) + " IS NOT NULL";
    }

    private String column(String field) {
        String[] json = jsonField(field);
        if (json != null) {
            params.add(json[1]);
            return "(" + json[0] + " ->> ?)";
        }
        String col = fields.columns().get(field);
        if (col == null) {
            throw OpenEnosException.badArgument("expression: unknown field '" + field + "'; use one of "
                    + fields.columns().keySet() + (fields.tags() != null ? ", tags.<key>" : "")
                    + (fields.attrs() != null ? ", attributes.<id>" : ""));
        }
        return col;
    }

    private String[] jsonField(String field) {
        if (field.startsWith("tags.") && fields.tags() != null) {
            return new String[] {fields.tags(), field.substring(5)};
        }
        if (field.startsWith("attributes.") && fields.attrs() != null) {
            return new String[] {fields.attrs(), field.substring(11)};
        }
        return null;
    }

    private static String text(Object v) {
        return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                : String.valueOf(v);
    }
}
