package org.openenos.rest.auth;

import io.swagger.v3.oas.models.PathItem;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API document states where each asset-bound operation names its assets ({@link AssetBindings}): the extension
 * {@code x-openenos-asset-binding} maps each {@code action} (keyed as {@code x-openenos-permission} is) to the
 * parameters and fields a scoped caller's request is checked on, e.g. {@code query:assetId query:productKey+deviceKey}
 * or {@code query:commandId>command}; {@code filtered-in-query} marks lists that apply the scope themselves. An
 * asset-bound operation without the extension is refused to scoped callers.
 */
@Configuration(proxyBeanMethods = false)
public class AssetBindingsInApiDocs {
    public static final String EXTENSION = "x-openenos-asset-binding";

    @Bean
    OpenApiCustomizer assetBindingExtension(ObjectProvider<RequestMappingHandlerMapping> mappings,
                                            AssetBindings bindings) {
        return openApi -> {
            Map<String, Map<String, String>> byOperation = new TreeMap<>();
            mappings.getObject().getHandlerMethods().forEach((info, handler) ->
                    bindings.of(handler.getMethod()).ifPresent(b -> {
                        String action = info.getParamsCondition().getExpressions().stream()
                                .filter(e -> e.getName().equals("action") && !e.isNegated())
                                .map(e -> e.getValue() == null ? "+" : e.getValue()).findFirst().orElse("*");
                        var methods = info.getMethodsCondition().getMethods();
                        for (String pattern : info.getPatternValues()) {
                            for (RequestMethod m : methods.isEmpty() ? EnumSet.allOf(RequestMethod.class)
                                    : methods) {
                                byOperation.computeIfAbsent(PathItem.HttpMethod.valueOf(m.name()) + " "
                                        + PermissionsInApiDocs.documented(pattern), k -> new TreeMap<>())
                                        .put(action, b.describe());
                            }
                        }
                    }));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                Map<String, String> bound = byOperation.get(method.name() + " " + path);
                if (bound != null) {
                    op.addExtension(EXTENSION, bound);
                }
            }));
        };
    }
}
