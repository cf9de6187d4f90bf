package org.openenos.timeseries;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The timezone of an asset ({@code "+08:00"} or an IANA name in the registry), in which local time parameters of the
 * TSDB API are read and {@code localtime} strings written. Implementations should cache: a query asks once per asset.
 */
@FunctionalInterface
public interface AssetTimezones {
    AssetTimezones UTC = (orgId, assetId) -> ZoneOffset.UTC;

    ZoneId zoneOf(String orgId, String assetId);

    /** Parses a registry timezone string; blank means UTC. */
    static ZoneId parse(String timezone) {
        return timezone == null || timezone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timezone);
    }
}
