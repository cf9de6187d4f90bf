package org.openenos.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the server declares about itself, read from its sources: the settings and their defaults from the
 * configuration reference, Spring's settings from its application.properties, and the image from the server's
 * Maven profile "image". The manifests are checked against these, so a renamed setting or a moved port breaks the
 * build instead of a deployment.
 */
final class ServerFacts {
    /** A row of docs/configuration.md: | `openenos.x` | `OPENENOS_X` | `default` | meaning |. */
    private static final Pattern SETTING_ROW = Pattern.compile("^\\| `([^`]+)` \\| `([A-Z0-9_]+)` \\| (`([^`]*)`)? *\\|");

    final Path root;
    /** Environment variable → default, of every documented OpenEnOS setting. */
    final Map<String, String> settings = new LinkedHashMap<>();
    final Properties application = new Properties();
    final Element imageProfile;
    final String projectVersion;

    ServerFacts(Path root) {
        this.root = root;
        try {
            for (String line : Files.readAllLines(root.resolve("docs/configuration.md"))) {
                Matcher row = SETTING_ROW.matcher(line);
                if (row.find()) {
                    settings.put(row.group(2), row.group(4) == null ? "" : row.group(4));
                }
            }
            try (Reader reader = Files.newBufferedReader(root.resolve("server/src/main/resources/application.properties"))) {
                application.load(reader);
            }
            Document rootPom = xml(root.resolve("pom.xml"));
            projectVersion = child(rootPom.getDocumentElement(), "version").getTextContent().trim();
            imageProfile = profile(xml(root.resolve("server/pom.xml")), "image");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's declarations under " + root, e);
        }
    }

    /** The project's root: the first directory upwards holding docs/configuration.md. */
    static ServerFacts ofThisProject() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/configuration.md above " + Path.of("").toAbsolutePath());
        }
        return new ServerFacts(dir);
    }

    /** Whether the variable names a documented OpenEnOS setting or one of Spring's that the server sets. */
    boolean knowsVariable(String name) {
        return settings.containsKey(name) || application.stringPropertyNames().stream()
                .anyMatch(property -> environmentName(property).equals(name));
    }

    int defaultPort(String setting) {
        return Integer.parseInt(settings.get(environmentName(setting)));
    }

    int springPort(String property) {
        return Integer.parseInt(application.getProperty(property));
    }

    /** Spring's relaxed binding: openenos.mqtt.tls-port is OPENENOS_MQTT_TLS_PORT. */
    static String environmentName(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The image name and tag the build writes, e.g. openenos/openenos-server:0.1.0-SNAPSHOT. */
    String imageReference() {
        Element properties = child(imageProfile, "properties");
        String tag = child(properties, "image.tag").getTextContent().trim()
                .replace("${project.version}", projectVersion);
        return imageName() + ":" + tag;
    }

    String imageName() {
        return child(child(imageProfile, "properties"), "image.name").getTextContent().trim();
    }

    /** A setting of the Jib plugin's container section, e.g. "user". */
    Element container() {
        return (Element) imageProfile.getElementsByTagName("container").item(0);
    }

    List<Integer> imagePorts() {
        List<Integer> ports = new ArrayList<>();
        NodeList nodes = container().getElementsByTagName("port");
        for (int i = 0; i < nodes.getLength(); i++) {
            ports.add(Integer.parseInt(nodes.item(i).getTextContent().trim()));
        }
        return ports;
    }

    private static Element profile(Document pom, String id) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (id.equals(child(profile, "id").getTextContent().trim())) {
                return profile;
            }
        }
        throw new IllegalStateException("the server's pom.xml has no profile " + id);
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }
}
