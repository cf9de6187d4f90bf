package org.openenos.rest.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.openenos.model.identity.Permission;

/** What an operation of the API requires of its caller; declared for every operation in {@link RoutePermissions}. */
public sealed interface Requirement {
    /** Outside the service API's authentication (sign-in, token issue, device endpoints with their own scheme). */
    record Open() implements Requirement {
    }

    /** Any signed-in caller (its own session and profile, the catalogue of built-in roles). */
    record SignedIn() implements Requirement {
    }

    /** The super-administrator only (organizations themselves). */
    record SuperAdmin() implements Requirement {
    }

    /** One permission of the catalogue. */
    record Needs(Permission permission) implements Requirement {
    }

    /** One permission, or another for some values of the {@code action} parameter (one handler, several actions). */
    record ByAction(Permission otherwise, Map<String, Permission> byAction) implements Requirement {
        public Permission of(String action) {
            return action == null ? otherwise : byAction.getOrDefault(action, otherwise);
        }
    }

    /** One permission for a request without a body (a read), another for one with a body (a change). */
    record ByBody(Permission withoutBody, Permission withBody) implements Requirement {
    }

    /** The permission this request needs; null for the kinds that need none. */
    default Permission permission(HttpServletRequest request) {
        return switch (this) {
            case Needs n -> n.permission();
            case ByAction b -> b.of(request.getParameter("action"));
            case ByBody b -> request.getContentLengthLong() == 0 ? b.withoutBody() : b.withBody();
            default -> null;
        };
    }

    /** How the API documentation states it. */
    default String describe() {
        return switch (this) {
            case Open o -> "none (own authentication)";
            case SignedIn s -> "signed in";
            case SuperAdmin s -> "super-administrator";
            case Needs n -> n.permission().key();
            case ByBody b -> b.withBody().key() + " (without a body: " + b.withoutBody().key() + ")";
            case ByAction b -> b.otherwise().key() + "; " + b.byAction().entrySet().stream()
                    .map(e -> "action=" + e.getKey() + ": " + e.getValue().key())
                    .collect(Collectors.joining("; "));
        };
    }
}
