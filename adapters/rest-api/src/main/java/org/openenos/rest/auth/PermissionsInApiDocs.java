package org.openenos.rest.auth;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API document states what each operation requires, from {@link RoutePermissions}: the extension
 * {@code x-openenos-permission} maps each {@code action} of the operation ({@code *} when it is mapped without one,
 * {@code +} when any action value goes to one handler) to a
 * permission ({@code devices:read}), {@code signed in}, {@code super-administrator} or {@code none (own
 * authentication)}; the description repeats it for readers of Swagger UI. One path and method carries several
 * actions, which the document merges into one operation.
 */
@Configuration(proxyBeanMethods = false)
public class PermissionsInApiDocs {
    public static final String EXTENSION = "x-openenos-permission";

    @Bean
    OpenApiCustomizer permissionExtension(ObjectProvider<RequestMappingHandlerMapping> mappings,
                                           RoutePermissions routes) {
        return openApi -> {
            Map<String, Map<String, String>> byOperation = new TreeMap<>();
            mappings.getObject().getHandlerMethods().forEach((info, handler) ->
                    routes.of(handler.getMethod()).ifPresent(r -> record(byOperation, info, r)));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                Map<String, String> perms = byOperation.get(method.name() + " " + path);
                if (perms != null) {
                    annotate(op, perms);
                }
            }));
        };
    }

    private static void record(Map<String, Map<String, String>> byOperation, RequestMappingInfo info, Requirement r) {
        // an action value; "+" for "any action" (params = "action"); "*" for none or not mapped by action
        String action = info.getParamsCondition().getExpressions().stream()
                .filter(e -> e.getName().equals("action") && !e.isNegated())
                .map(e -> e.getValue() == null ? "+" : e.getValue()).findFirst().orElse("*");
        var methods = info.getMethodsCondition().getMethods();
        var httpMethods = methods.isEmpty() ? java.util.EnumSet.allOf(RequestMethod.class) : methods;
        for (String pattern : info.getPatternValues()) {
            for (RequestMethod m : httpMethods) {
                String key = PathItem.HttpMethod.valueOf(m.name()) + " " + documented(pattern);
                if (r instanceof Requirement.ByAction b) {
                    byOperation.computeIfAbsent(key, k -> new TreeMap<>()).put(action, b.otherwise().key());
                    b.byAction().forEach((a, p) -> byOperation.get(key).put(a, p.key()));
                } else if (r instanceof Requirement.ByBody b) {
                    byOperation.computeIfAbsent(key, k -> new TreeMap<>()).put(action, b.withBody().key());
                } else {
                    byOperation.computeIfAbsent(key, k -> new TreeMap<>()).put(action, r.describe());
                }
            }
        }
    }

    /** {@code /{resource:a|b}} as the document writes it: {@code /{resource}}. */
    static String documented(String pattern) {
        return pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
    }

    private static void annotate(Operation op, Map<String, String> perms) {
        op.addExtension(EXTENSION, perms);
        StringBuilder text = new StringBuilder("Requires: ");
        perms.forEach((action, p) -> text.append(action.equals("*") ? "" : "action=" + action + " → ").append(p)
                .append("; "));
        text.setLength(text.length() - 2);
        op.setDescription(op.getDescription() == null || op.getDescription().isBlank() ? text.toString()
                : op.getDescription() + "\n\n" + text);
    }
}
