package org.openenos.model;

import java.util.Map;

/** A text with a default value and translations keyed by locale (EnOS {@code StringI18n}). */
public record StringI18n(String defaultValue, Map<String, String> i18nValue) {
    public StringI18n {
        i18nValue = i18nValue == null ? Map.of() : Map.copyOf(i18nValue);
    }

    public static StringI18n of(String text) {
        return new StringI18n(text, Map.of());
    }
}
