package org.openenos.model.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One thing a role may do: an action on a type of resource, written {@code resource:action} ({@code devices:read},
 * {@code commands:write}). The catalogue is closed: every endpoint of the API requires exactly one permission of it
 * (or only a signed-in caller), and custom roles are sets of these.
 */
public record Permission(Resource resource, Action action) implements Comparable<Permission> {
    /** The types of resource, as the API groups them. */
    public enum Resource {
        MODELS("thing models"),
        PRODUCTS("products and their parsing scripts"),
        DEVICES("devices, topology, certificates, device files, logs and events"),
        ASSETS("assets and asset trees"),
        TIMESERIES("time-series data: queries, latest and live values, exports; write: deletes and integration posts"),
        COMMANDS("commands and control: service invocations and measure-point sets"),
        ALERTS("alerts, alert rules and their catalogues"),
        DASHBOARDS("dashboards"),
        JOBS("stream and batch jobs, workflows and scheduled exports"),
        SUBSCRIPTIONS("data subscriptions"),
        FIRMWARE("firmware and OTA jobs"),
        USERS("users, applications and roles"),
        ORGANIZATION("the organization's settings: storage policies, external data sources"),
        AUDIT("the organization's audit log");

        private final String description;

        Resource(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reading, or changing (creating, updating, deleting, invoking). */
    public enum Action {
        READ, WRITE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Permission {
        if (resource == null || action == null) {
            throw new IllegalArgumentException("a permission names a resource and an action");
        }
    }

    public static Permission of(Resource resource, Action action) {
        return new Permission(resource, action);
    }

    public static Permission read(Resource resource) {
        return new Permission(resource, Action.READ);
    }

    public static Permission write(Resource resource) {
        return new Permission(resource, Action.WRITE);
    }

    /** {@code devices:read}; unknown names are an {@link IllegalArgumentException} with the name in its message. */
    public static Permission parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("permission '" + key + "' is not resource:action");
        }
        try {
            return new Permission(Resource.valueOf(key.substring(0, colon).trim().toUpperCase(Locale.ROOT)),
                    Action.valueOf(key.substring(colon + 1).trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown permission '" + key + "'", e);
        }
    }

    /** Every permission of the catalogue. */
    public static Set<Permission> all() {
        return Arrays.stream(Resource.values())
                .flatMap(r -> Arrays.stream(Action.values()).map(a -> new Permission(r, a)))
                .collect(Collectors.toUnmodifiableSet());
    }

    public String key() {
        return resource.key() + ":" + action.key();
    }

    @Override
    public int compareTo(Permission o) {
        int r = resource.compareTo(o.resource);
        return r != 0 ? r : action.compareTo(o.action);
    }

    @Override
    public String toString() {
        return key();
    }
}
