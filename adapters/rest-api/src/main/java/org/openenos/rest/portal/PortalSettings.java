package org.openenos.rest.portal;

/**
 * What the server tells the portal about itself. {@code tileUrl} is a Leaflet URL template
 * ({@code https://tile.example.org/{z}/{x}/{y}.png}) of the map's base layer, empty for the base layer drawn in the
 * browser (no tile server needed); {@code tileAttribution} is shown in the map's corner.
 */
public record PortalSettings(String tileUrl, String tileAttribution, int tileMaxZoom) {
}
