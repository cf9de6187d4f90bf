package org.openenos.rest.sso;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.SingleSignOnService;
import org.openenos.rest.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The browser side of OpenID Connect sign-in (ADR 0035). {@code start} sends the browser to the provider with a
 * fresh state, nonce and PKCE challenge and sets a cookie that binds the sign-in to this browser; the provider sends
 * it back to {@code callback}, which redeems the code, provisions the user and redirects to the portal with the
 * server's own bearer token in the URL fragment (never sent to a server, never in a log). Errors go to the portal in
 * the fragment too, so that the sign-in page can show them. These paths need no authentication: the state is the
 * credential.
 */
@RestController
@RequestMapping("/sso/oidc")
public class SsoSignInController {
    static final String BINDING_COOKIE = "openenos_sso";
    private static final Logger log = LoggerFactory.getLogger(SsoSignInController.class);

    private final SingleSignOnService sso;
    private final MeterRegistry meters;
    private final String publicUrl;

    public SsoSignInController(SingleSignOnService sso, MeterRegistry meters,
                               @Value("${openenos.sso.public-url:}") String publicUrl) {
        this.sso = sso;
        this.meters = meters;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    /** The enabled providers of an organization (by id or name) for the sign-in page: names only. */
    @GetMapping("/providers")
    public ApiResponse providers(@RequestParam(required = false) String org) {
        return ApiResponse.ok(sso.enabledProviders(org).stream()
                .map(p -> Map.of("orgId", p.orgId(), "providerId", p.providerId(), "name", p.name(),
                        "startUrl", "/sso/oidc/start?orgId=" + p.orgId() + "&providerId=" + p.providerId()))
                .toList());
    }

    @GetMapping("/start")
    public ResponseEntity<Void> start(@RequestParam String orgId, @RequestParam String providerId,
                                      HttpServletRequest request, HttpServletResponse response) {
        try {
            var started = sso.start(orgId, providerId, callbackUri(request));
            Cookie cookie = new Cookie(BINDING_COOKIE, started.browserBinding());
            cookie.setHttpOnly(true);
            cookie.setSecure(request.isSecure() || publicUrl.startsWith("https:"));
            cookie.setPath("/sso/oidc");
            cookie.setMaxAge(600);
            cookie.setAttribute("SameSite", "Lax"); // the provider's redirect back is a top-level GET
            response.addCookie(cookie);
            return redirect(started.authorizationUri());
        } catch (OpenEnosException e) {
            count("refused");
            return toPortal(List.of("ssoError", e.getMessage()));
        }
    }

    @GetMapping("/callback")
    public ResponseEntity<Void> callback(@RequestParam(required = false) String state,
                                         @RequestParam(required = false) String code,
                                         @RequestParam(required = false) String error,
                                         @RequestParam(name = "error_description", required = false)
                                         String errorDescription,
                                         HttpServletRequest request, HttpServletResponse response) {
        Cookie clear = new Cookie(BINDING_COOKIE, "");
        clear.setPath("/sso/oidc");
        clear.setMaxAge(0);
        response.addCookie(clear);
        if (error != null) {
            count("provider_error");
            return toPortal(List.of("ssoError", "the provider answered " + error
                    + (errorDescription == null ? "" : ": " + errorDescription)));
        }
        try {
            var signedIn = sso.finish(state, code, bindingOf(request));
            count("ok");
            return toPortal(List.of("ssoToken", signedIn.accessToken(), "expire",
                    String.valueOf(signedIn.expiresAt().toEpochMilli()), "orgId", signedIn.user().orgId()));
        } catch (OpenEnosException e) {
            count("refused");
            log.info("single sign-on refused: {}", e.getMessage());
            return toPortal(List.of("ssoError", e.getMessage()));
        }
    }

    /** The redirect URI registered at the provider: {@code <public url>/sso/oidc/callback}. */
    URI callbackUri(HttpServletRequest request) {
        String base = publicUrl.isEmpty() ? request.getScheme() + "://" + request.getServerName() + ":"
                + request.getServerPort() + request.getContextPath() : publicUrl;
        return URI.create(base + "/sso/oidc/callback");
    }

    private static String bindingOf(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (BINDING_COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    private static ResponseEntity<Void> toPortal(List<String> fragment) {
        StringBuilder sb = new StringBuilder("/#");
        for (int i = 0; i < fragment.size(); i += 2) {
            sb.append(i == 0 ? "" : "&").append(fragment.get(i)).append('=')
                    .append(URLEncoder.encode(fragment.get(i + 1), StandardCharsets.UTF_8));
        }
        return redirect(URI.create(sb.toString()));
    }

    private static ResponseEntity<Void> redirect(URI to) {
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, to.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private void count(String result) {
        Counter.builder("openenos.sso.sign-ins").description("Single sign-on callbacks by result")
                .tag("result", result).register(meters).increment();
    }
}
