package org.openenos.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every HTTP answer: no framing (clickjacking), no MIME sniffing, no referrer to other sites,
 * and a Content-Security-Policy that lets the portal load only its own scripts, styles and data. The portal's two
 * inline scripts (the import map, whose versions the build fills in, and the start-up error handler) are allowed by
 * their hashes, computed here from the index.html actually served, so the policy stays true when they change.
 * Blob URLs the portal makes itself (CSV exports) may be fetched. Inline styles stay allowed: Lit templates and
 * uPlot set style attributes, and a style cannot run code. Swagger UI brings its own scripts and gets the framing
 * rules only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>",
            Pattern.DOTALL);
    static final String REFERRER_POLICY = "strict-origin-when-cross-origin";

    private final String portalPolicy;

    SecurityHeadersFilter() {
        this(new PortalProperties("", "", 19));
    }

    /** A tile server configured for the portal's map ({@code openenos.portal.map.tile-url}) may serve images. */
    @org.springframework.beans.factory.annotation.Autowired
    SecurityHeadersFilter(PortalProperties portal) {
        String tiles = tileSource(portal.tileUrl());
        this.portalPolicy = "default-src 'self'; script-src 'self' " + String.join(" ", inlineScriptHashes())
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:" + (tiles.isEmpty() ? "" : " " + tiles)
                + "; font-src 'self'; "
                + "connect-src 'self' blob:; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The CSP source of a tile URL template: its scheme and host, {@code {s}.} subdomains as a wildcard. */
    static String tileSource(String tileUrl) {
        var m = Pattern.compile("^(https?://)([^/?#]+)").matcher(tileUrl == null ? "" : tileUrl.trim());
        if (!m.find()) {
            return "";
        }
        String host = m.group(2).replace("{s}.", "*.");
        return host.matches("[A-Za-z0-9.*:-]+") ? m.group(1) + host : "";
    }

    String portalPolicy() {
        return portalPolicy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean swagger = path.startsWith("/swagger-ui") || path.startsWith("/webjars/swagger-ui");
        response.setHeader("Content-Security-Policy", swagger ? "frame-ancestors 'none'; object-src 'none'"
                : portalPolicy);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", REFERRER_POLICY);
        chain.doFilter(request, response);
    }

    /** 'sha256-…' sources of the inline scripts of the portal's index.html (none when there is no portal). */
    static List<String> inlineScriptHashes() {
        List<String> hashes = new ArrayList<>();
        try (InputStream in = SecurityHeadersFilter.class.getResourceAsStream("/static/index.html")) {
            if (in == null) {
                return hashes;
            }
            Matcher m = INLINE_SCRIPT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            while (m.find()) {
                byte[] digest = sha256.digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the portal's index.html", e);
        }
        return hashes;
    }
}
