package org.openenos.alerting.expression;

/** One lexical token of a condition. */
record Token(Kind kind, String text, int position) {
    enum Kind { POINT, ATTRIBUTE, NUMBER, STRING, IDENT, OP, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, END }

    boolean is(Kind k, String t) {
        return kind == k && text.equalsIgnoreCase(t);
    }
}
