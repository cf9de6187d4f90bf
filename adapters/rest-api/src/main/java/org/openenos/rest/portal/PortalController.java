package org.openenos.rest.portal;

import org.openenos.error.OpenEnosException;
import org.openenos.preferences.PreferencesService;
import org.openenos.preferences.UserPreferences;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /portal-service/v2.1}: what only the portal needs. {@code preferences} are the signed-in user's own (time
 * zone and hour format; {@code orgId} names the organization whose site a site time zone refers to);
 * {@code settings} are the server's map tiles.
 */
@RestController
@RequestMapping("/portal-service/v2.1")
public class PortalController {
    private final PreferencesService preferences;
    private final PortalSettings settings;
    private final ApiAccess access;

    public PortalController(PreferencesService preferences, PortalSettings settings, ApiAccess access) {
        this.preferences = preferences;
        this.settings = settings;
        this.access = access;
    }

    @GetMapping("/preferences")
    public ApiResponse getPreferences(@RequestParam(required = false) String orgId) {
        return ApiResponse.ok(preferences.get(userId(), org(orgId)));
    }

    @PutMapping("/preferences")
    public ApiResponse putPreferences(@RequestParam(required = false) String orgId,
                                      @RequestBody UserPreferences body) {
        if (body == null) {
            throw OpenEnosException.badArgument("the body must be {\"timeZone\": …, \"hour24\": …}");
        }
        return ApiResponse.ok(preferences.save(userId(), org(orgId), body));
    }

    @GetMapping("/settings")
    public ApiResponse settings() {
        return ApiResponse.ok(settings);
    }

    /** Preferences belong to people: an application has none to keep. */
    private String userId() {
        Caller c = access.caller();
        if (c.kind() != Caller.Kind.USER) {
            throw OpenEnosException.badArgument("preferences belong to users; an application has none");
        }
        return c.id();
    }

    private String org(String orgId) {
        return orgId == null || orgId.isBlank() ? null : access.requireRead(orgId);
    }
}
