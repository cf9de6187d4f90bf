package org.openenos.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Maven module a class comes from, read from where it was loaded: {@code adapters/mqtt/target/classes/} in a
 * build of the sources, {@code openenos-adapter-mqtt-<version>.jar} once packaged or installed. Packages cannot tell
 * it, because adapters live in the packages of the contexts they serve ({@code org.openenos.timeseries.questdb}).
 * Module names are the artifact ids without {@code openenos-}: {@code core}, {@code adapter-mqtt}, {@code edge-app}.
 */
final class Modules {
    private static final Pattern CLASSES_DIRECTORY =
            Pattern.compile("/(?:(adapters|edge)/)?([a-z][a-z-]*)/target/classes/");
    private static final Pattern JAR = Pattern.compile("/openenos-([a-z][a-z-]*?)-\\d[^/]*\\.jar");

    private Modules() {
    }

    static Optional<String> of(JavaClass javaClass) {
        return javaClass.getSource().map(source -> source.getUri().toString()).flatMap(Modules::fromLocation);
    }

    static Optional<String> fromLocation(String uri) {
        Matcher directory = CLASSES_DIRECTORY.matcher(uri);
        if (directory.find()) {
            String name = directory.group(2);
            return Optional.of("adapters".equals(directory.group(1)) ? "adapter-" + name : name);
        }
        Matcher jar = JAR.matcher(uri);
        return jar.find() ? Optional.of(jar.group(1)) : Optional.empty();
    }

    static boolean isAdapter(String module) {
        return module.startsWith("adapter-");
    }

    static DescribedPredicate<JavaClass> module(String name) {
        return DescribedPredicate.describe("are in module " + name,
                javaClass -> of(javaClass).filter(name::equals).isPresent());
    }

    static DescribedPredicate<JavaClass> anAdapter() {
        return DescribedPredicate.describe("are in an adapter module",
                javaClass -> of(javaClass).filter(Modules::isAdapter).isPresent());
    }
}
