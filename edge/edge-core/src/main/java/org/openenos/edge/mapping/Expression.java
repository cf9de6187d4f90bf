package org.openenos.edge.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A compiled arithmetic expression over named inputs: {@code + - * / % ^}, comparisons and {@code && ||} (true is
 * 1), parentheses and the functions abs, sqrt, round, floor, ceil, min, max, pow and if(condition, then, else).
 * Parsed once at start (so a bad expression is a configuration error) and evaluated without allocation.
 */
public final class Expression {
    /** A node of the syntax tree. */
    @FunctionalInterface
    interface Node {
        double eval(ToDoubleFunction<String> variables);
    }

    private final String source;
    private final Node root;
    private final Set<String> variables;

    private Expression(String source, Node root, Set<String> variables) {
        this.source = source;
        this.root = root;
        this.variables = Collections.unmodifiableSet(variables);
    }

    public static Expression parse(String source) {
        Parser parser = new Parser(source);
        Node root = parser.expression();
        parser.skipSpaces();
        if (parser.pos < source.length()) {
            throw parser.error("unexpected '" + source.charAt(parser.pos) + "'");
        }
        return new Expression(source, root, parser.variables);
    }

    /** The input names the expression reads. */
    public Set<String> variables() {
        return variables;
    }

    public double evaluate(ToDoubleFunction<String> values) {
        return root.eval(values);
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Parser {
        private final String text;
        private final Set<String> variables = new LinkedHashSet<>();
        private int pos;

        Parser(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("expression is empty");
            }
            this.text = text;
        }

        IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("expression '" + text + "' at column " + (pos + 1) + ": " + reason);
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpaces();
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        Node expression() {
            Node left = and();
            while (eat("||")) {
                Node l = left;
                Node r = and();
                left = v -> l.eval(v) != 0 || r.eval(v) != 0 ? 1 : 0;
            }
            return left;
        }

        Node and() {
            Node left = comparison();
            while (eat("&&")) {
                Node l = left;
                Node r = comparison();
                left = v -> l.eval(v) != 0 && r.eval(v) != 0 ? 1 : 0;
            }
            return left;
        }

        Node comparison() {
            Node l = additive();
            for (String op : List.of("<=", ">=", "==", "!=", "<", ">")) {
                if (eat(op)) {
                    Node r = additive();
                    return switch (op) {
                        case "<=" -> v -> l.eval(v) <= r.eval(v) ? 1 : 0;
                        case ">=" -> v -> l.eval(v) >= r.eval(v) ? 1 : 0;
                        case "==" -> v -> l.eval(v) == r.eval(v) ? 1 : 0;
                        case "!=" -> v -> l.eval(v) != r.eval(v) ? 1 : 0;
                        case "<" -> v -> l.eval(v) < r.eval(v) ? 1 : 0;
                        default -> v -> l.eval(v) > r.eval(v) ? 1 : 0;
                    };
                }
            }
            return l;
        }

        Node additive() {
            Node left = multiplicative();
            while (true) {
                Node l = left;
                if (eat("+")) {
                    Node r = multiplicative();
                    left = v -> l.eval(v) + r.eval(v);
                } else if (eat("-")) {
                    Node r = multiplicative();
                    left = v -> l.eval(v) - r.eval(v);
                } else {
                    return left;
                }
            }
        }

        Node multiplicative() {
            Node left = unary();
            while (true) {
                Node l = left;
                if (eat("*")) {
                    Node r = unary();
                    left = v -> l.eval(v) * r.eval(v);
                } else if (eat("/")) {
                    Node r = unary();
                    left = v -> l.eval(v) / r.eval(v);
                } else if (eat("%")) {
                    Node r = unary();
                    left = v -> l.eval(v) % r.eval(v);
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            if (eat("-")) {
                Node operand = unary();
                return v -> -operand.eval(v);
            }
            if (eat("!")) {
                Node operand = unary();
                return v -> operand.eval(v) == 0 ? 1 : 0;
            }
            Node base = primary();
            if (eat("^")) {
                Node exponent = unary();
                return v -> Math.pow(base.eval(v), exponent.eval(v));
            }
            return base;
        }

        Node primary() {
            skipSpaces();
            if (eat("(")) {
                Node inner = expression();
                if (!eat(")")) {
                    throw error("missing ')'");
                }
                return inner;
            }
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            if (Character.isDigit(c) || c == '.') {
                int start = pos;
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                        || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                    pos++;
                }
                try {
                    double constant = Double.parseDouble(text.substring(start, pos));
                    return v -> constant;
                } catch (NumberFormatException e) {
                    throw error("bad number " + text.substring(start, pos));
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                String name = text.substring(start, pos);
                if (eat("(")) {
                    return function(name);
                }
                variables.add(name);
                return v -> v.applyAsDouble(name);
            }
            throw error("unexpected '" + c + "'");
        }

        Node function(String name) {
            List<Node> args = new ArrayList<>();
            if (!eat(")")) {
                do {
                    args.add(expression());
                } while (eat(","));
                if (!eat(")")) {
                    throw error("missing ')' after arguments of " + name);
                }
            }
            int arity = switch (name) {
                case "abs", "sqrt", "round", "floor", "ceil" -> 1;
                case "min", "max", "pow" -> 2;
                case "if" -> 3;
                default -> throw error("unknown function " + name);
            };
            if (args.size() != arity) {
                throw error(name + " takes " + arity + " arguments");
            }
            Node a = args.get(0);
            Node b = arity > 1 ? args.get(1) : null;
            Node c = arity > 2 ? args.get(2) : null;
            return switch (name) {
                case "abs" -> v -> Math.abs(a.eval(v));
                case "sqrt" -> v -> Math.sqrt(a.eval(v));
                case "round" -> v -> Math.round(a.eval(v));
                case "floor" -> v -> Math.floor(a.eval(v));
                case "ceil" -> v -> Math.ceil(a.eval(v));
                case "min" -> v -> Math.min(a.eval(v), b.eval(v));
                case "max" -> v -> Math.max(a.eval(v), b.eval(v));
                case "pow" -> v -> Math.pow(a.eval(v), b.eval(v));
                default -> v -> a.eval(v) != 0 ? b.eval(v) : c.eval(v);
            };
        }
    }
}
