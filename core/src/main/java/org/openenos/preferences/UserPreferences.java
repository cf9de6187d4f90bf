package org.openenos.preferences;

import java.util.Set;
import org.openenos.error.OpenEnosException;

/**
 * How the portal shows times to one user. {@code timeZone} is {@code browser} (the zone of the user's browser),
 * {@code UTC}, or {@code site}: the time zone of the asset {@code siteAssetId} (a site, a plant), which the platform
 * already keeps per asset for local times and daily energy. {@code hour24} false shows 12-hour times with AM/PM.
 */
public record UserPreferences(String timeZone, String siteAssetId, boolean hour24) {
    public static final UserPreferences DEFAULT = new UserPreferences("browser", null, true);
    private static final Set<String> ZONES = Set.of("browser", "UTC", "site");

    /** Refuses what the portal could not apply, naming the field. */
    public UserPreferences validated() {
        if (timeZone == null || !ZONES.contains(timeZone)) {
            throw OpenEnosException.badArgument("timeZone: must be browser, UTC or site");
        }
        boolean site = "site".equals(timeZone);
        if (site && (siteAssetId == null || siteAssetId.isBlank())) {
            throw OpenEnosException.badArgument("siteAssetId: is required when timeZone is site");
        }
        return site ? this : new UserPreferences(timeZone, null, hour24);
    }
}
