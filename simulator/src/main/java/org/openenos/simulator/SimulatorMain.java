package org.openenos.simulator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line: provisions a fleet in an organization through the REST API and streams it over MQTT.
 *
 * <pre>
 * java -cp … org.openenos.simulator.SimulatorMain --api http://localhost:8080 --app-key K --app-secret S \
 *     --org ORG_ID --mqtt tcp://localhost:11883 [--fleet my-fleet.yaml] [--minutes 10]
 * </pre>
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : new String[] {"api", "app-key", "app-secret", "org", "mqtt"}) {
            if (!options.containsKey(required)) {
                System.err.println("missing --" + required + "; see the class documentation for the usage");
                System.exit(2);
            }
        }
        FleetSpec spec = options.containsKey("fleet") ? FleetSpecs.file(Path.of(options.get("fleet")))
                : FleetSpecs.demo();
        EnosApiClient api = new EnosApiClient(options.get("api"), options.get("app-key"), options.get("app-secret"));
        ProvisionedFleet fleet = new FleetProvisioner(api, options.get("org")).provision(spec);
        long minutes = Long.parseLong(options.getOrDefault("minutes", "10"));
        try (FleetRunner runner = new FleetRunner(fleet, options.get("mqtt")).start()) {
            Thread.sleep(minutes * 60_000);
            System.out.printf("posted %d, failed %d%n", runner.posts(), runner.failures());
        }
    }
}
