package org.openenos.model.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.model.DataType;

/** The rules of reference §5 for {@code dataDefinition}, per data type. */
final class DataDefinitionRules {
    static final int MAX_STRING_LENGTH = 1024;
    static final int MAX_ARRAY_LENGTH = 128;
    private static final Set<String> ARRAY_ITEM_TYPES = Set.of("INT", "FLOAT", "DOUBLE", "STRING");

    private DataDefinitionRules() {
    }

    static void check(String path, DataType type, Map<String, Object> def, List<Violation> out) {
        if (type == null) {
            out.add(new Violation(path + ".dataType", "is required; one of " + List.of(DataType.values())));
            return;
        }
        Map<String, Object> d = def == null ? Map.of() : def;
        String at = path + ".dataDefinition";
        switch (type) {
            case ENUM -> checkEnum(at, d, out);
            case STRING -> {
                Object max = d.get("maxLength");
                if (max != null && !(max instanceof Number n && n.intValue() > 0 && n.intValue() <= MAX_STRING_LENGTH)) {
                    out.add(new Violation(at + ".maxLength", "must be an integer from 1 to " + MAX_STRING_LENGTH));
                }
            }
            case ARRAY -> {
                Object item = d.get("itemType");
                if (!(item instanceof String s) || !ARRAY_ITEM_TYPES.contains(s)) {
                    out.add(new Violation(at + ".itemType", "is required for ARRAY; one of " + ARRAY_ITEM_TYPES));
                }
            }
            case STRUCT -> checkStruct(at, d, out);
            case BOOL -> {
                Object desc = d.get("boolDesc");
                if (desc != null && !(desc instanceof Map)) {
                    out.add(new Violation(at + ".boolDesc", "must be an object with keys \"true\" and \"false\""));
                }
            }
            default -> {
            }
        }
    }

    private static void checkEnum(String at, Map<String, Object> d, List<Violation> out) {
        Object enumType = d.get("enumType");
        if (!"INT".equals(enumType) && !"STRING".equals(enumType)) {
            out.add(new Violation(at + ".enumType", "is required for ENUM; INT or STRING"));
        }
        if (!(d.get("enumDesc") instanceof Map<?, ?> desc) || desc.isEmpty()) {
            out.add(new Violation(at + ".enumDesc", "is required for ENUM: an object of value to description"));
        } else if ("INT".equals(enumType)) {
            for (Object key : desc.keySet()) {
                if (!String.valueOf(key).matches("-?\\d+")) {
                    out.add(new Violation(at + ".enumDesc." + key, "must be an integer for enumType INT"));
                }
            }
        }
    }

    private static void checkStruct(String at, Map<String, Object> d, List<Violation> out) {
        if (!(d.get("items") instanceof List<?> items) || items.isEmpty()) {
            out.add(new Violation(at + ".items", "is required for STRUCT: a non-empty list of fields"));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = at + ".items[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                out.add(new Violation(itemPath, "must be an object"));
                continue;
            }
            Object id = item.get("identifier");
            if (!(id instanceof String s) || !ModelValidator.IDENTIFIER.matcher(s).matches()) {
                out.add(new Violation(itemPath + ".identifier", ModelValidator.IDENTIFIER_RULE));
            }
            DataType itemType = parseType(item.get("dataType"));
            if (itemType == null) {
                out.add(new Violation(itemPath + ".dataType", "is required; one of " + List.of(DataType.values())));
            } else if (itemType == DataType.STRUCT) {
                out.add(new Violation(itemPath + ".dataType", "a STRUCT field cannot itself be a STRUCT"));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> itemDef = item.get("dataDefinition") instanceof Map<?, ?> m
                        ? (Map<String, Object>) m : Map.of();
                check(itemPath, itemType, itemDef, out);
            }
        }
    }

    static DataType parseType(Object value) {
        if (value instanceof DataType t) {
            return t;
        }
        if (value instanceof String s) {
            try {
                return DataType.valueOf(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
