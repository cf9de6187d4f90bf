package org.openenos.alerting.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits a condition into tokens: {@code ${point}}, {@code $attr{name}}, numbers, quoted strings, operators. */
final class Lexer {
    private static final String[] OPERATORS = {">=", "<=", "==", "!=", "<>", "&&", "||", ">", "<", "=", "+", "-", "*",
            "/", "%", "!"};

    private Lexer() {
    }

    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("${", i) || source.startsWith("$attr{", i)) {
                boolean attr = source.startsWith("$attr{", i);
                int start = i + (attr ? 6 : 2);
                int end = source.indexOf('}', start);
                if (end < 0) {
                    throw new ExpressionException("unclosed '" + (attr ? "$attr{" : "${") + "'", i);
                }
                String name = source.substring(start, end).trim();
                if (name.isEmpty()) {
                    throw new ExpressionException("empty point name", i);
                }
                tokens.add(new Token(attr ? Token.Kind.ATTRIBUTE : Token.Kind.POINT, name, i));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(source.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isDigit(source.charAt(i)) || source.charAt(i) == '.'
                        || source.charAt(i) == 'e' || source.charAt(i) == 'E'
                        || ((source.charAt(i) == '-' || source.charAt(i) == '+')
                        && (source.charAt(i - 1) == 'e' || source.charAt(i - 1) == 'E')))) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.NUMBER, source.substring(start, i), start));
            } else if (c == '\'' || c == '"') {
                int end = source.indexOf(c, i + 1);
                if (end < 0) {
                    throw new ExpressionException("unclosed string", i);
                }
                tokens.add(new Token(Token.Kind.STRING, source.substring(i + 1, end), i));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.IDENT, source.substring(start, i), start));
            } else if (c == '(') {
                tokens.add(new Token(Token.Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(Token.Kind.RPAREN, ")", i++));
            } else if (c == '{') {
                tokens.add(new Token(Token.Kind.LBRACE, "{", i++));
            } else if (c == '}') {
                tokens.add(new Token(Token.Kind.RBRACE, "}", i++));
            } else if (c == ',') {
                tokens.add(new Token(Token.Kind.COMMA, ",", i++));
            } else {
                String op = operatorAt(source, i);
                if (op == null) {
                    throw new ExpressionException("unexpected character '" + c + "'", i);
                }
                tokens.add(new Token(Token.Kind.OP, op, i));
                i += op.length();
            }
        }
        tokens.add(new Token(Token.Kind.END, "", n));
        return tokens;
    }

    private static String operatorAt(String source, int i) {
        for (String op : OPERATORS) {
            if (source.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }
}
