package org.openenos.rest.guard;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses a NUL character (U+0000) in any text of a request body. PostgreSQL cannot store it in text or jsonb, and
 * no name, key or value of this API needs it; refusing it while reading the body makes it a 400 with the field's
 * path instead of a database error deep in a use case. Applies to typed fields and to the text values of untyped
 * maps (Jackson reads both through the {@code String} deserializer).
 */
@Component
public class NulCharacterModule extends SimpleModule {

    public NulCharacterModule() {
        super("openenos-nul-character-guard");
        addDeserializer(String.class, new NulRefusingStringDeserializer());
    }

    static final class NulRefusingStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(p, "a text contains a NUL character (U+0000), which is not allowed",
                        value, String.class);
            }
            return value;
        }
    }
}
