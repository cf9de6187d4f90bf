package org.openenos.rest.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.ApplicationService;
import org.openenos.identity.IdentityService;
import org.openenos.identity.Principal;
import org.openenos.identity.RoleService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every service API call: a user's bearer token ({@code Authorization: Bearer …}) or an
 * application's signed call ({@code apim-accesstoken}, {@code apim-timestamp}, {@code apim-signature}, reference
 * §6.1.1). The body is read here to check the signature and handed on unchanged. Sign-in, token issue, the portal,
 * the API docs and health stay open.
 */
@Component
@Order(10)
public class AuthenticationFilter extends OncePerRequestFilter {
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    static final String LIVE_PATH = "/live-service/";
    private static final java.util.Set<String> PASSWORD_ACTIONS = java.util.Set.of("login", "enrolTotp",
            "confirmTotp");
    private static final Pattern PROTECTED = Pattern.compile("^/(([a-z]+-)*(service|policy)|streaming|data-federation)/.*");

    private final IdentityService identity;
    private final ApplicationService applications;
    private final RoleService roles;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuthenticationFilter(IdentityService identity, ApplicationService applications, RoleService roles) {
        this.identity = identity;
        this.applications = applications;
        this.roles = roles;
    }

    /** The caller with the roles it holds now (its assignments, or its built-in role). */
    private Caller callerOf(Principal p) {
        return Caller.of(roles.withGrants(p));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!PROTECTED.matcher(path).matches() || path.startsWith("/apim-token-service/")) {
            return true;
        }
        // sign-in, and enrolling a second factor with the password (ADR 0034), prove the credentials in the body
        return path.equals("/iam-service/v2.1/users") && PASSWORD_ACTIONS.contains(request.getParameter("action"))
                || path.equals("/enos-iam-service/v2.0/login");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            String bearer = bearerOf(request);
            String apimToken = request.getHeader("apim-accesstoken");
            if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<Principal> p = identity.authenticateBearer(bearer.substring(7).trim());
                Caller caller = callerOf(p.orElseThrow(() ->
                        new OpenEnosException(ErrorCode.UNAUTHENTICATED, "invalid or expired bearer token")));
                // a caller scoped to parts of asset trees has its body read here too, for the assets it names
                HttpServletRequest next = caller.grants().organizationWide() || isMultipart(request) ? request
                        : new CachedBodyRequest(request, readBody(request));
                next.setAttribute(ApiAccess.CALLER_ATTRIBUTE, caller);
                chain.doFilter(next, response);
            } else if (apimToken != null && isMultipart(request)) {
                // EnOS signs a multipart upload (firmware files) over its query parameters only; the body streams
                // on to the controller unread
                Principal p = applications.authenticate(apimToken, request.getHeader("apim-timestamp"),
                        String.valueOf(request.getHeader("apim-signature")), queryData(request));
                request.setAttribute(ApiAccess.CALLER_ATTRIBUTE, callerOf(p));
                chain.doFilter(request, response);
            } else if (apimToken != null) {
                CachedBodyRequest cached = new CachedBodyRequest(request, readBody(request));
                Principal p = applications.authenticate(apimToken, request.getHeader("apim-timestamp"),
                        String.valueOf(request.getHeader("apim-signature")), paramsData(request) + cached.bodyText());
                cached.setAttribute(ApiAccess.CALLER_ATTRIBUTE, callerOf(p));
                chain.doFilter(cached, response);
            } else {
                throw new OpenEnosException(ErrorCode.UNAUTHENTICATED,
                        "authentication required: a bearer token or the apim-* signature headers");
            }
        } catch (OpenEnosException e) {
            response.setStatus(e.code() == ErrorCode.TOO_MANY_REQUESTS ? 429
                    : e.code() == ErrorCode.BAD_ARGUMENT ? 413 : 401);
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), ApiResponse.error(e.code().enosCode(), e.getMessage()));
        }
    }

    /**
     * The {@code Authorization} header, or for the live stream only the {@code token} query parameter: browsers'
     * EventSource cannot set headers. The token never reaches a log line (no URL of this path is logged).
     */
    private static String bearerOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            return header;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String token = path.startsWith(LIVE_PATH) ? request.getParameter("token") : null;
        return token == null || token.isBlank() ? null : "Bearer " + token;
    }

    /** Query parameters sorted by name as {@code k1v1k2v2…} (decoded values, as the client signed them). */
    private static String paramsData(HttpServletRequest request) {
        Map<String, String[]> sorted = new TreeMap<>(request.getParameterMap());
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, values) -> sb.append(k).append(values.length == 0 ? "" : values[0]));
        return sb.toString();
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    /**
     * The query string's parameters sorted by name as {@code k1v1k2v2…}: for a multipart request, where the
     * servlet's parameter map would also hold the form's text parts.
     */
    private static String queryData(HttpServletRequest request) {
        Map<String, String> sorted = new TreeMap<>();
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                sorted.putIfAbsent(key, value);
            }
        }
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(k).append(v));
        return sb.toString();
    }

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw OpenEnosException.badArgument("request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }
}
