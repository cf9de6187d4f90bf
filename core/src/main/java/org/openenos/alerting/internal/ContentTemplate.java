package org.openenos.alerting.internal;

import java.util.HashMap;
import java.util.Map;
import org.openenos.model.StringI18n;

/**
 * Fills {@code {name}} placeholders of an alert content from the alert's data: {@code {assetName}},
 * {@code {assetId}}, {@code {value}}, {@code {pointId}}, {@code {ruleId}}, {@code {occurTime}} and
 * {@code {attr.<id>}}. Unknown placeholders stay as written so a typo is visible rather than silently blank.
 */
public final class ContentTemplate {
    private ContentTemplate() {
    }

    public static StringI18n fill(StringI18n template, Map<String, String> values) {
        if (template == null) {
            return null;
        }
        Map<String, String> translations = new HashMap<>();
        template.i18nValue().forEach((locale, text) -> translations.put(locale, fill(text, values)));
        return new StringI18n(fill(template.defaultValue(), values), translations);
    }

    static String fill(String text, Map<String, String> values) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (open < 0 || close < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            String name = text.substring(open + 1, close);
            String value = values.get(name);
            out.append(value != null ? value : text.substring(open, close + 1));
            i = close + 1;
        }
        return out.toString();
    }
}
