package org.openenos.edge.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.function.Function;

/** Validation helpers for the compact constructors of the configuration records. */
final class Checks {
    private Checks() {
    }

    static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    static void check(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }

    static <T> void unique(Collection<T> items, Function<T, String> id, String what) {
        var seen = new HashSet<String>();
        for (T item : items) {
            if (!seen.add(id.apply(item))) {
                throw new IllegalArgumentException("duplicate " + what + " '" + id.apply(item) + "'");
            }
        }
    }
}
