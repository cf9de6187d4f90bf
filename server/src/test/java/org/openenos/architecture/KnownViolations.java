package org.openenos.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;

/**
 * The only breaches of the architecture rules that the build lets through, each named down to its classes so that
 * nothing else can hide behind it. Empty is the goal.
 */
final class KnownViolations {
    /** Dependencies from {@code origin} (or a class nested in it) on any class whose name starts with a prefix. */
    record Allowance(String origin, String targetPrefix) {
        DescribedPredicate<JavaClass> originClass() {
            return DescribedPredicate.describe(origin, javaClass -> javaClass.getName().equals(origin)
                    || javaClass.getName().startsWith(origin + "$"));
        }

        DescribedPredicate<JavaClass> targetClass() {
            return DescribedPredicate.describe(targetPrefix + "*",
                    javaClass -> javaClass.getName().startsWith(targetPrefix));
        }
    }

    // Empty since the storage stage moved from telemetry.internal into timeseries (the one cycle there was).
    static final List<Allowance> ALLOWED = List.of();

    private KnownViolations() {
    }

    static boolean allows(Dependency dependency) {
        return ALLOWED.stream().anyMatch(allowance -> allowance.originClass().test(dependency.getOriginClass())
                && allowance.targetClass().test(dependency.getTargetClass()));
    }

    static SliceRule ignoredIn(SliceRule rule) {
        SliceRule result = rule;
        for (Allowance allowance : ALLOWED) {
            result = result.ignoreDependency(allowance.originClass(), allowance.targetClass());
        }
        return result;
    }
}
