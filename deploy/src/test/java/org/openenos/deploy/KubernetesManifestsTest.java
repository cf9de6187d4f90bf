package org.openenos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of the cluster mode (deploy/kubernetes), rendered as kustomize renders them and read as
 * Kubernetes' types, agree with the server they deploy: settings it declares, its ports, its probe endpoints and
 * the image its build writes.
 */
class KubernetesManifestsTest {
    private static final ServerFacts SERVER = ServerFacts.ofThisProject();
    private static final Path KUBERNETES = SERVER.root.resolve("deploy/kubernetes");

    private static List<HasMetadata> rendered(String directory) {
        return Kustomization.render(KUBERNETES.resolve(directory)).stream().map(TypedManifests::read).toList();
    }

    private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static StatefulSet server(List<HasMetadata> objects) {
        List<StatefulSet> sets = ofKind(objects, StatefulSet.class);
        assertThat(sets).hasSize(1);
        return sets.getFirst();
    }

    private static PodSpec pod(List<HasMetadata> objects) {
        return server(objects).getSpec().getTemplate().getSpec();
    }

    private static Container serverContainer(List<HasMetadata> objects) {
        return pod(objects).getContainers().stream().filter(c -> c.getName().equals("server")).findFirst()
                .orElseThrow();
    }

    private static List<Container> allContainers(List<HasMetadata> objects) {
        return Stream.concat(pod(objects).getInitContainers().stream(), pod(objects).getContainers().stream())
                .toList();
    }

    @Test
    void everyDocumentOfBaseAndOverlayIsAKnownKindWithOnlyFieldsOfTheKubernetesSchema() {
        for (String directory : List.of("base", "overlays/example")) {
            for (Map<String, Object> document : Kustomization.render(KUBERNETES.resolve(directory))) {
                HasMetadata typed = TypedManifests.read(document);
                assertThat(TypedManifests.unknownFields(typed))
                        .as("%s %s in %s", typed.getKind(), typed.getMetadata().getName(), directory).isEmpty();
            }
        }
    }

    @Test
    void aMisspeltFieldIsReportedWithItsPath() {
        Map<String, Object> document = Kustomization.load(KUBERNETES.resolve("base/server.yaml")).getFirst();
        Map<String, Object> container = Kustomization.containers(document).getLast();
        container.put("livenesProbe", container.get("livenessProbe"));

        assertThat(TypedManifests.unknownFields(TypedManifests.read(document)))
                .containsExactly("spec.template.spec.containers[0].livenesProbe");
    }

    @Test
    void everyEnvironmentVariableNamesASettingTheServerDeclares() {
        List<HasMetadata> objects = rendered("overlays/example");
        List<String> names = new ArrayList<>();
        ofKind(objects, ConfigMap.class).forEach(c -> names.addAll(c.getData().keySet()));
        serverContainer(objects).getEnv().stream().map(EnvVar::getName).forEach(names::add);

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(SERVER.knowsVariable(name))
                .as("%s is neither in docs/configuration.md nor in the server's application.properties", name)
                .isTrue());
    }

    @Test
    void theClusterModeIsSwitchedOnWithKafkaPostgresqlCassandraAndASharedFileStore() {
        Map<String, String> settings = ofKind(rendered("overlays/example"), ConfigMap.class).getFirst().getData();

        assertThat(settings).containsEntry("OPENENOS_CLUSTER_ENABLED", "true")
                .containsEntry("OPENENOS_BUS_TYPE", "kafka")
                .containsEntry("OPENENOS_TIMESERIES_STORE", "cassandra")
                .containsEntry("OPENENOS_FILES_STORE", "s3")
                .containsKeys("OPENENOS_BUS_KAFKA_BOOTSTRAP_SERVERS", "OPENENOS_TIMESERIES_CASSANDRA_CONTACT_POINTS");
        assertThat(settings.get("OPENENOS_DATABASE_JDBC_URL")).startsWith("jdbc:postgresql://");
        // The overlay's addresses replaced the base's, the other settings stayed.
        assertThat(settings.get("OPENENOS_BUS_KAFKA_BOOTSTRAP_SERVERS")).endsWith(".data:9092");
        assertThat(settings).containsEntry("OPENENOS_BUS_KAFKA_PARTITIONS", "12");
    }

    @Test
    void containerPortsAreTheServersDefaultPortsAndTheImageExposesTheSame() {
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (ContainerPort port : serverContainer(rendered("base")).getPorts()) {
            ports.put(port.getName(), port.getContainerPort());
        }

        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http", SERVER.springPort("server.port"),
                "mqtt", SERVER.defaultPort("openenos.mqtt.port"),
                "mqtts", SERVER.defaultPort("openenos.mqtt.tls-port"),
                "mqtt-wss", SERVER.defaultPort("openenos.pki.web-socket-port"),
                "management", SERVER.springPort("management.server.port")));
        assertThat(SERVER.imagePorts()).containsExactlyInAnyOrderElementsOf(ports.values());
    }

    @Test
    void probesAskSpringsLivenessAndReadinessGroupsOnTheActuatorPortOpenToTheKubelet() {
        List<HasMetadata> objects = rendered("base");
        Container server = serverContainer(objects);
        assertThat(SERVER.application.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(ofKind(objects, ConfigMap.class).getFirst().getData())
                .containsEntry("MANAGEMENT_SERVER_ADDRESS", "0.0.0.0");

        for (Probe probe : List.of(server.getStartupProbe(), server.getLivenessProbe(), server.getReadinessProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get.getPath()).isIn("/actuator/health/liveness", "/actuator/health/readiness");
            int port = server.getPorts().stream().filter(p -> p.getName().equals(get.getPort().getStrVal()))
                    .findFirst().orElseThrow().getContainerPort();
            assertThat(port).isEqualTo(SERVER.springPort("management.server.port"));
        }
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    }

    @Test
    void theImageIsTheOneTheBuildWritesAndTheOverlayRetagsEveryContainerOfIt() {
        assertThat(allContainers(rendered("base"))).extracting(Container::getImage)
                .containsOnly(SERVER.imageReference());
        assertThat(allContainers(rendered("overlays/example"))).extracting(Container::getImage)
                .containsOnly("registry.example.com/" + SERVER.imageReference());
    }

    @Test
    void serversRunAsTheImagesUserWithAReadOnlyRootAndBoundedResources() {
        List<HasMetadata> objects = rendered("base");
        var podSecurity = pod(objects).getSecurityContext();
        String imageUser = SERVER.container().getElementsByTagName("user").item(0).getTextContent().trim();

        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup()).isEqualTo(imageUser);
        assertThat(podSecurity.getFsGroup()).isEqualTo(podSecurity.getRunAsGroup());
        assertThat(allContainers(objects)).allSatisfy(c -> {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(c.getName()).containsKeys("cpu", "memory");
        });
        // The server writes only to its data volume and /tmp.
        assertThat(serverContainer(objects).getVolumeMounts()).extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/var/lib/openenos", "/tmp");
        assertThat(serverContainer(objects).getEnv()).noneMatch(e -> e.getName().equals("OPENENOS_DATA_DIR"));
    }

    @Test
    void servicesAndTheDisruptionBudgetSelectTheServerPodsAndNameItsPorts() {
        List<HasMetadata> objects = rendered("overlays/example");
        StatefulSet server = server(objects);
        Map<String, String> podLabels = server.getSpec().getTemplate().getMetadata().getLabels();
        List<String> portNames = serverContainer(objects).getPorts().stream().map(ContainerPort::getName).toList();

        assertThat(server.getSpec().getReplicas()).isEqualTo(3);
        assertThat(rendered("base").stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .findFirst().orElseThrow().getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(podLabels).containsAllEntriesOf(server.getSpec().getSelector().getMatchLabels());
        List<Service> services = ofKind(objects, Service.class);
        assertThat(services).extracting(s -> s.getMetadata().getName()).contains(server.getSpec().getServiceName());
        assertThat(services).allSatisfy(s -> {
            assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
            assertThat(s.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).allMatch(portNames::contains);
        });
        assertThat(services.stream().flatMap(s -> s.getSpec().getPorts().stream()).map(ServicePort::getTargetPort)
                .map(p -> p.getStrVal())).doesNotContain("management");
        PodDisruptionBudget budget = ofKind(objects, PodDisruptionBudget.class).getFirst();
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("openenos"));
    }

    @Test
    void everySecretTheServerReadsIsCreatedByTheCommandsOfTheDeploymentGuide() throws IOException {
        String guide = Files.readString(SERVER.root.resolve("docs/scale-out.md"));
        List<HasMetadata> objects = rendered("base");
        List<String> expected = new ArrayList<>();
        allContainers(objects).stream().flatMap(c -> c.getEnv().stream()).map(EnvVar::getValueFrom)
                .filter(Objects::nonNull).map(v -> v.getSecretKeyRef()).filter(Objects::nonNull)
                .forEach(ref -> {
                    expected.add("kubectl create secret generic " + ref.getName() + " ");
                    expected.add("--from-literal=" + ref.getKey() + "=");
                });
        pod(objects).getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> expected.add("kubectl create secret generic " + v.getSecret().getSecretName() + " "));

        assertThat(expected).isNotEmpty().allSatisfy(fragment -> assertThat(guide).contains(fragment));
    }

    @Test
    void kubectlsKustomizeRendersTheSameObjectsWhereItIsInstalled() throws Exception {
        for (String directory : List.of("base", "overlays/example")) {
            Path output = Files.createTempFile("kustomize", ".yaml");
            try {
                Process kubectl;
                try {
                    kubectl = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.resolve(directory).toString())
                            .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException notInstalled) {
                    Assumptions.abort("kubectl is not installed");
                    return;
                }
                assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(kubectl.exitValue()).as("kubectl kustomize %s", directory).isZero();

                assertThat(byKindAndName(Kustomization.load(output)))
                        .isEqualTo(byKindAndName(Kustomization.render(KUBERNETES.resolve(directory))));
            } finally {
                Files.delete(output);
            }
        }
    }

    private static Map<String, Map<String, Object>> byKindAndName(List<Map<String, Object>> documents) {
        Map<String, Map<String, Object>> objects = new java.util.TreeMap<>();
        documents.forEach(d -> objects.put(d.get("kind") + "/" + Kustomization.metadata(d).get("name"), d));
        return objects;
    }
}
