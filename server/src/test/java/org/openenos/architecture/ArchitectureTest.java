package org.openenos.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the compiled classes of every module (this module sees them all):
 * model ← protocol ← core ← adapters ← applications, a context's {@code internal} package private to it, no cycle
 * between contexts. The one breach let through is in {@link KnownViolations}.
 */
class ArchitectureTest {
    private static final Pattern INTERNAL_PACKAGE = Pattern.compile("^org\\.openenos\\.([a-z]+)\\.internal(\\..*)?$");
    private static final Pattern CONTEXT = Pattern.compile("^org\\.openenos\\.([a-z]+)(\\..*)?$");
    /** Test jars of other modules (core's fakes of its ports): once packaged, they are jars, not test-classes. */
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages("org.openenos");
    }

    @Test
    void theRulesSeeTheClassesOfEveryModule() {
        Set<String> modules = new TreeSet<>();
        classes.forEach(javaClass -> Modules.of(javaClass).ifPresent(modules::add));

        assertThat(modules).contains("model", "protocol", "core", "adapter-postgres", "adapter-questdb",
                "adapter-mqtt", "adapter-pki", "adapter-rest-api", "adapter-notifications", "device-sdk",
                "simulator", "server", "edge-core", "edge-connectors", "edge-app");
    }

    @Test
    void theModelDependsOnTheJdkOnly() {
        classes().that(Modules.module("model"))
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "org.openenos.model..",
                        "org.jspecify.annotations.."))
                .because("the domain model is plain records (conventions: domain free of frameworks)")
                .check(classes);
    }

    @Test
    void theProtocolDependsOnTheJdkAndJacksonOnly() {
        classes().that(Modules.module("protocol"))
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "javax.crypto..",
                        "org.openenos.protocol..", "org.openenos.model..",
                        // Deliberate: the EnOS device protocol is JSON on the wire; MessageCodec reads and writes it.
                        "tools.jackson.."))
                .because("the device protocol is shared by the server, the device SDK and the edge")
                .check(classes);
    }

    @Test
    void coreDependsOnTheJdkAndItsDeliberateLibrariesOnly() {
        classes().that(Modules.module("core"))
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "javax.crypto..", "javax.security..",
                        "org.openenos..",
                        // Deliberate: facades, not frameworks. Logging through slf4j, metrics through Micrometer's
                        // instruments (the registry is chosen by the server), bcrypt from BouncyCastle's primitives,
                        // Quartz cron expressions of workflows from cron-utils (pure logic, no framework), TOTP
                        // codes from java-otp (RFC 6238 over javax.crypto).
                        "org.slf4j", "io.micrometer.core.instrument..", "org.bouncycastle.crypto.generators",
                        "com.cronutils..", "com.eatthepath.otp.."))
                .because("use cases and ports are free of frameworks (Spring, Netty, Jackson, JDBC); adapters map")
                .check(classes);
    }

    @Test
    void anAdapterDoesNotDependOnAnotherAdapter() {
        classes().that(Modules.anAdapter())
                .should(dependOnNoOtherAdapter())
                .because("each adapter is one technology behind a port; the server wires them together")
                .check(classes);
    }

    @Test
    void aContextsInternalPackageIsUsedOnlyInsideThatContext() {
        classes().should(useNoInternalPackageOfAnotherContext())
                .because("org.openenos.<context>.internal is the implementation behind the context's contract")
                .check(classes);
    }

    @Test
    void adaptersAndApplicationsUseTheContractsOfCoreNeverItsInternals() {
        noClasses().that(not(Modules.module("core")))
                .should().dependOnClassesThat(resideInAPackage("org.openenos.*.internal.."))
                .because("outside core, only the contracts and ports of a context are public")
                .check(classes);
    }

    @Test
    void theContextsFormNoCycle() {
        KnownViolations.ignoredIn(slices().matching("org.openenos.(*)..").namingSlices("context $1")
                .should().beFreeOfCycles())
                .check(classes);
    }

    private static ArchCondition<JavaClass> dependOnNoOtherAdapter() {
        return new ArchCondition<>("depend on no other adapter") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = Modules.of(origin).orElseThrow();
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Optional<String> target = Modules.of(dependency.getTargetClass());
                    if (target.filter(Modules::isAdapter).filter(module -> !module.equals(own)).isPresent()) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                own + " uses " + target.get() + ": " + dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> useNoInternalPackageOfAnotherContext() {
        return new ArchCondition<>("use no internal package of another context") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String originContext = context(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Matcher internal = INTERNAL_PACKAGE.matcher(dependency.getTargetClass().getPackageName());
                    if (internal.matches() && !internal.group(1).equals(originContext)
                            && !KnownViolations.allows(dependency)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static String context(String packageName) {
        Matcher matcher = CONTEXT.matcher(packageName);
        return matcher.matches() ? matcher.group(1) : "";
    }
}
