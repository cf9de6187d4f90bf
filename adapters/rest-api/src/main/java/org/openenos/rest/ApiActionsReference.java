package org.openenos.rest;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Lists the EnOS actions in the API reference ({@code /v3/api-docs}). EnOS puts the operation in the query
 * ({@code POST /connect-service/v2.1/products?action=setScript}), so several handlers share one path and method, and
 * OpenAPI keeps a single operation for them: without this, the reference names one action per path. Each operation
 * gets a required {@code action} query parameter whose values are every action mapped on its path and method, and a
 * description that lists them.
 */
@Component
public class ApiActionsReference implements OpenApiCustomizer {
    private final RequestMappingHandlerMapping mapping;

    public ApiActionsReference(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public void customise(OpenAPI api) {
        Map<String, Map<String, SortedSet<String>>> actions = actionsByPathAndMethod();
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            SortedSet<String> names = actions.getOrDefault(path, Map.of()).get(method.name());
            if (names != null) {
                describe(operation, names);
            }
        }));
    }

    private Map<String, Map<String, SortedSet<String>>> actionsByPathAndMethod() {
        Map<String, Map<String, SortedSet<String>>> actions = new TreeMap<>();
        mapping.getHandlerMethods().keySet().forEach(info -> {
            String action = actionOf(info);
            if (action == null) {
                return;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String path : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.values()) : methods) {
                    actions.computeIfAbsent(path, p -> new TreeMap<>())
                            .computeIfAbsent(method.name(), m -> new TreeSet<>()).add(action);
                }
            }
        });
        return actions;
    }

    private static String actionOf(RequestMappingInfo info) {
        return info.getParamsCondition().getExpressions().stream()
                .filter(e -> "action".equals(e.getName()) && !e.isNegated() && e.getValue() != null)
                .map(e -> e.getValue()).findFirst().orElse(null);
    }

    private static void describe(Operation operation, SortedSet<String> names) {
        StringSchema schema = new StringSchema();
        names.forEach(schema::addEnumItem);
        if (operation.getParameters() == null) {
            operation.setParameters(new ArrayList<>());
        }
        operation.getParameters().removeIf(p -> "action".equals(p.getName()) && "query".equals(p.getIn()));
        operation.getParameters().addFirst(new Parameter().in("query").name("action").required(true).schema(schema)
                .description("the EnOS operation"));
        String list = "Actions: " + String.join(", ", names) + ".";
        operation.setDescription(operation.getDescription() == null ? list : list + " " + operation.getDescription());
    }
}
