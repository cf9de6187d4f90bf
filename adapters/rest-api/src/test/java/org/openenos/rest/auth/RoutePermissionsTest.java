package org.openenos.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

class RoutePermissionsTest {
    final RoutePermissions routes = new RoutePermissions();

    private static List<Method> handlers() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Method> handlers = new ArrayList<>();
        for (var bean : scanner.findCandidateComponents("org.openenos.rest")) {
            for (Method m : Class.forName(bean.getBeanClassName()).getDeclaredMethods()) {
                if (AnnotatedElementUtils.hasAnnotation(m, RequestMapping.class)) {
                    handlers.add(m);
                }
            }
        }
        return handlers;
    }

    @Test
    void everyOperationOfTheApiDeclaresWhatItRequires() throws Exception {
        List<Method> handlers = handlers();
        assertThat(handlers).hasSizeGreaterThan(150);
        assertThat(handlers).filteredOn(m -> routes.of(m).isEmpty())
                .extracting(m -> RoutePermissions.key(m.getDeclaringClass(), m.getName())).isEmpty();
    }

    @Test
    void everyDeclarationNamesAnOperationThatExists() throws Exception {
        Set<String> handlerKeys = new HashSet<>();
        for (Method m : handlers()) {
            handlerKeys.add(RoutePermissions.key(m.getDeclaringClass(), m.getName()));
        }
        assertThat(routes.declared().keySet()).filteredOn(k -> !handlerKeys.contains(k))
                .as("declarations without an operation (renamed or removed handlers)").isEmpty();
    }

    @Test
    void theDocumentWritesPathVariablesWithoutTheirPatterns() {
        assertThat(PermissionsInApiDocs.documented("/event-service/v2.1/{resource:alert-types|alert-contents}"))
                .isEqualTo("/event-service/v2.1/{resource}");
    }
}
