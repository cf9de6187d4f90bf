package org.openenos.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's map (fleet overview, map widgets).
 *
 * @param tileUrl         URL template of the map's base layer tiles as Leaflet takes it, e.g.
 *                        https://tile.example.org/{z}/{x}/{y}.png ({s} for subdomains); empty: the offline base
 *                        layer drawn in the browser (graticule, no tile server needed). Its host is added to the
 *                        portal's Content-Security-Policy (img-src)
 * @param tileAttribution attribution of the tiles shown in the map's corner (required by most tile providers' terms)
 * @param tileMaxZoom     highest zoom level the tile server serves
 */
@ConfigurationProperties("openenos.portal.map")
public record PortalProperties(@DefaultValue("") String tileUrl, @DefaultValue("") String tileAttribution,
                               @DefaultValue("19") int tileMaxZoom) {
}
