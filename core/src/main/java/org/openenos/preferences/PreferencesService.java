package org.openenos.preferences;

import java.util.Optional;
import org.openenos.error.OpenEnosException;

/**
 * Reads and changes the caller's own preferences. A site time zone is resolved here, so the portal gets the zone
 * itself ({@code siteTimeZone}) and an asset of another organization can never be named.
 */
public final class PreferencesService {
    /** The time zone of an asset of the organization; empty when the organization has no such asset. */
    public interface SiteZones {
        Optional<String> timezone(String orgId, String assetId);
    }

    /** Preferences as the portal applies them. */
    public record View(String timeZone, String siteAssetId, String siteTimeZone, boolean hour24) {
    }

    private final PreferencesStore store;
    private final SiteZones zones;

    public PreferencesService(PreferencesStore store, SiteZones zones) {
        this.store = store;
        this.zones = zones;
    }

    public View get(String userId, String orgId) {
        UserPreferences p = store.find(userId).orElse(UserPreferences.DEFAULT);
        String siteZone = "site".equals(p.timeZone()) && orgId != null
                ? zones.timezone(orgId, p.siteAssetId()).orElse(null) : null;
        // a site deleted since, or one of an organization the user is not looking at: the browser's zone
        if ("site".equals(p.timeZone()) && siteZone == null) {
            return new View("browser", p.siteAssetId(), null, p.hour24());
        }
        return new View(p.timeZone(), p.siteAssetId(), siteZone, p.hour24());
    }

    public View save(String userId, String orgId, UserPreferences input) {
        UserPreferences p = input.validated();
        if ("site".equals(p.timeZone()) && (orgId == null || zones.timezone(orgId, p.siteAssetId()).isEmpty())) {
            throw OpenEnosException.badArgument("siteAssetId: asset '" + p.siteAssetId()
                    + "' does not exist in this organization");
        }
        store.save(userId, p);
        return get(userId, orgId);
    }
}
