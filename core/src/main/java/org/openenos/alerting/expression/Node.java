package org.openenos.alerting.expression;

import java.util.List;
import java.util.Objects;

/**
 * The compiled tree of a condition. Evaluation is three-valued: a node returns null when a value it needs is not
 * known yet, so a rule over two points does not fire (or recover) before both have been seen.
 */
sealed interface Node {
    Object eval(Bindings b);

    record Constant(Object value) implements Node {
        public Object eval(Bindings b) {
            return value;
        }
    }

    record Point(String id) implements Node {
        public Object eval(Bindings b) {
            return Values.normalize(b.point(id));
        }
    }

    record Attribute(String id) implements Node {
        public Object eval(Bindings b) {
            return Values.normalize(b.attribute(id));
        }
    }

    record Not(Node operand) implements Node {
        public Object eval(Bindings b) {
            Boolean v = Values.bool(operand.eval(b));
            return v == null ? null : !v;
        }
    }

    record And(Node left, Node right) implements Node {
        public Object eval(Bindings b) {
            Boolean l = Values.bool(left.eval(b));
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = Values.bool(right.eval(b));
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }
    }

    record Or(Node left, Node right) implements Node {
        public Object eval(Bindings b) {
            Boolean l = Values.bool(left.eval(b));
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = Values.bool(right.eval(b));
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }
    }

    record Compare(String op, Node left, Node right) implements Node {
        public Object eval(Bindings b) {
            Object l = left.eval(b);
            Object r = right.eval(b);
            if (l == null || r == null) {
                return null;
            }
            return switch (op) {
                case "==", "=" -> Values.equal(l, r);
                case "!=", "<>" -> !Values.equal(l, r);
                default -> {
                    Double a = Values.number(l);
                    Double c = Values.number(r);
                    if (a == null || c == null) {
                        yield null;
                    }
                    yield switch (op) {
                        case ">" -> a > c;
                        case ">=" -> a >= c;
                        case "<" -> a < c;
                        default -> a <= c;
                    };
                }
            };
        }
    }

    record Arithmetic(char op, Node left, Node right) implements Node {
        public Object eval(Bindings b) {
            Double l = Values.number(left.eval(b));
            Double r = Values.number(right.eval(b));
            if (l == null || r == null) {
                return null;
            }
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> r == 0 ? null : l / r;
                default -> r == 0 ? null : l % r;
            };
        }
    }

    record Negate(Node operand) implements Node {
        public Object eval(Bindings b) {
            Double v = Values.number(operand.eval(b));
            return v == null ? null : -v;
        }
    }

    /** {@code x between lo and hi}: inclusive range. */
    record Between(Node value, Node low, Node high) implements Node {
        public Object eval(Bindings b) {
            Double v = Values.number(value.eval(b));
            Double lo = Values.number(low.eval(b));
            Double hi = Values.number(high.eval(b));
            return v == null || lo == null || hi == null ? null : v >= lo && v <= hi;
        }
    }

    /** {@code state in ('fault', 'stop')}: membership, for enum and state points. */
    record In(Node value, List<Node> options) implements Node {
        public Object eval(Bindings b) {
            Object v = value.eval(b);
            if (v == null) {
                return null;
            }
            for (Node option : options) {
                Object o = option.eval(b);
                if (o != null && Values.equal(v, o)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Function(String name, List<Node> args) implements Node {
        public Object eval(Bindings b) {
            double[] values = new double[args.size()];
            for (int i = 0; i < values.length; i++) {
                Double v = Values.number(args.get(i).eval(b));
                if (v == null) {
                    return null;
                }
                values[i] = v;
            }
            return switch (name) {
                case "abs" -> Math.abs(values[0]);
                case "min" -> Math.min(values[0], values[1]);
                case "max" -> Math.max(values[0], values[1]);
                case "sqrt" -> Math.sqrt(values[0]);
                case "pow" -> Math.pow(values[0], values[1]);
                case "round" -> (double) Math.round(values[0]);
                case "floor" -> Math.floor(values[0]);
                case "ceil" -> Math.ceil(values[0]);
                case "log" -> Math.log(values[0]);
                case "log10" -> Math.log10(values[0]);
                case "exp" -> Math.exp(values[0]);
                default -> throw new IllegalStateException(Objects.toString(name));
            };
        }
    }

    /** {@code if (c) { a } else { b }}: unknown when the condition is, or when it is false and there is no else. */
    record Conditional(Node condition, Node then, Node otherwise) implements Node {
        public Object eval(Bindings b) {
            Boolean c = Values.bool(condition.eval(b));
            if (c == null) {
                return null;
            }
            return c ? then.eval(b) : otherwise == null ? null : otherwise.eval(b);
        }
    }
}
