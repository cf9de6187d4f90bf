package org.openenos.alerting.expression;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser; precedence from low to high: or, and, not, comparison, + -, * / %, unary minus. */
final class Parser {
    private static final Set<String> COMPARISONS = Set.of(">", ">=", "<", "<=", "==", "=", "!=", "<>");
    private final String source;
    private final List<Token> tokens;
    private final Set<String> points = new LinkedHashSet<>();
    private final Set<String> attributes = new LinkedHashSet<>();
    private int pos;

    Parser(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
    }

    Expression parse() {
        Node root = or();
        if (peek().kind() != Token.Kind.END) {
            throw new ExpressionException("unexpected '" + peek().text() + "'", peek().position());
        }
        if (root instanceof Node.Constant || points.isEmpty()) {
            throw new ExpressionException("the condition reads no measure point (write points as ${pointId})", -1);
        }
        return new Expression(source, root, points, attributes);
    }

    private Node or() {
        Node left = and();
        while (peek().is(Token.Kind.IDENT, "or") || peek().is(Token.Kind.OP, "||")) {
            next();
            left = new Node.Or(left, and());
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().is(Token.Kind.IDENT, "and") || peek().is(Token.Kind.OP, "&&")) {
            next();
            left = new Node.And(left, not());
        }
        return left;
    }

    private Node not() {
        if (peek().is(Token.Kind.IDENT, "not") || peek().is(Token.Kind.OP, "!")) {
            next();
            return new Node.Not(not());
        }
        return comparison();
    }

    private Node comparison() {
        Node left = additive();
        Token t = peek();
        if (t.kind() == Token.Kind.OP && COMPARISONS.contains(t.text())) {
            next();
            return new Node.Compare(t.text(), left, additive());
        }
        if (t.is(Token.Kind.IDENT, "between")) {
            next();
            Node low = additive();
            expect(peek().is(Token.Kind.IDENT, "and"), "'and' in 'between … and …'");
            return new Node.Between(left, low, additive());
        }
        boolean negated = false;
        if (t.is(Token.Kind.IDENT, "not") && tokens.get(pos + 1).is(Token.Kind.IDENT, "in")) {
            next();
            negated = true;
        }
        if (peek().is(Token.Kind.IDENT, "in")) {
            next();
            Node in = new Node.In(left, list());
            return negated ? new Node.Not(in) : in;
        }
        return left;
    }

    private List<Node> list() {
        expect(peek().kind() == Token.Kind.LPAREN, "'('");
        List<Node> items = new ArrayList<>();
        do {
            items.add(additive());
        } while (accept(Token.Kind.COMMA));
        expect(peek().kind() == Token.Kind.RPAREN, "')'");
        return items;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peek().is(Token.Kind.OP, "+") || peek().is(Token.Kind.OP, "-")) {
            char op = next().text().charAt(0);
            left = new Node.Arithmetic(op, left, multiplicative());
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (peek().is(Token.Kind.OP, "*") || peek().is(Token.Kind.OP, "/") || peek().is(Token.Kind.OP, "%")) {
            char op = next().text().charAt(0);
            left = new Node.Arithmetic(op, left, unary());
        }
        return left;
    }

    private Node unary() {
        if (peek().is(Token.Kind.OP, "-")) {
            next();
            return new Node.Negate(unary());
        }
        return primary();
    }

    private Node primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER -> {
                try {
                    return new Node.Constant(Double.parseDouble(t.text()));
                } catch (NumberFormatException e) {
                    throw new ExpressionException("bad number '" + t.text() + "'", t.position());
                }
            }
            case STRING -> {
                return new Node.Constant(t.text());
            }
            case POINT -> {
                points.add(t.text());
                return new Node.Point(t.text());
            }
            case ATTRIBUTE -> {
                attributes.add(t.text());
                return new Node.Attribute(t.text());
            }
            case LPAREN -> {
                Node inner = or();
                expect(peek().kind() == Token.Kind.RPAREN, "')'");
                return inner;
            }
            case IDENT -> {
                return identifier(t);
            }
            default -> throw new ExpressionException(t.kind() == Token.Kind.END ? "unexpected end of condition"
                    : "unexpected '" + t.text() + "'", t.position());
        }
    }

    private Node identifier(Token t) {
        String name = t.text().toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "true", "false" -> {
                return new Node.Constant(Boolean.parseBoolean(name));
            }
            case "if" -> {
                return conditional();
            }
            case "abs", "min", "max", "sqrt", "pow", "round", "floor", "ceil", "log", "log10", "exp" -> {
                List<Node> args = list();
                int arity = Set.of("min", "max", "pow").contains(name) ? 2 : 1;
                if (args.size() != arity) {
                    throw new ExpressionException(name + " takes " + arity + " argument(s)", t.position());
                }
                return new Node.Function(name, args);
            }
            default -> throw new ExpressionException("unknown name '" + t.text()
                    + "' (write points as ${" + t.text() + "})", t.position());
        }
    }

    /** After {@code if}: {@code (cond) { expr } [else if (cond) { expr }]… [else { expr }]}, as EnOS writes it. */
    private Node conditional() {
        expect(peek().kind() == Token.Kind.LPAREN, "'(' after 'if'");
        Node condition = or();
        expect(peek().kind() == Token.Kind.RPAREN, "')'");
        Node then = block();
        Node otherwise = null;
        if (peek().is(Token.Kind.IDENT, "else")) {
            next();
            if (peek().is(Token.Kind.IDENT, "if")) {
                next();
                otherwise = conditional();
            } else {
                otherwise = block();
            }
        }
        return new Node.Conditional(condition, then, otherwise);
    }

    private Node block() {
        expect(peek().kind() == Token.Kind.LBRACE, "'{'");
        Node inner = or();
        expect(peek().kind() == Token.Kind.RBRACE, "'}'");
        return inner;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(boolean present, String what) {
        if (!present) {
            Token t = peek();
            throw new ExpressionException("expected " + what + " but found "
                    + (t.kind() == Token.Kind.END ? "the end" : "'" + t.text() + "'"), t.position());
        }
        next();
    }
}
