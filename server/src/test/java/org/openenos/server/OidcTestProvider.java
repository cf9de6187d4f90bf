package org.openenos.server;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID Connect provider for the single sign-on tests: Spring Authorization Server in its own small
 * application context on a free port of {@code localhost}, with a login form, users, and a {@code groups} claim in
 * its ID tokens. Clients require PKCE. {@link #signIn} plays the browser: it follows the redirects with a
 * cookie-keeping client and posts the provider's login form.
 */
public final class OidcTestProvider implements AutoCloseable {
    public static final String PASSWORD = "provider-password";
    /** The groups claim of each user; tests change it between sign-ins. */
    public static final Map<String, List<String>> GROUPS = new ConcurrentHashMap<>();
    private static volatile List<RegisteredClient> clients = List.of();

    private final ConfigurableApplicationContext context;
    public final String issuer;

    private OidcTestProvider(ConfigurableApplicationContext context) {
        this.context = context;
        this.issuer = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts the provider with a confidential client per id of {@code clientIds}, all redirecting to one URI. */
    public static OidcTestProvider start(String redirectUri, String... clientIds) {
        clients = java.util.Arrays.stream(clientIds).map(id -> RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id).clientSecret("{noop}" + secretOf(id))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri).scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .build()).toList();
        var context = new SpringApplicationBuilder(ProviderApplication.class).web(WebApplicationType.SERVLET)
                .properties("spring.main.banner-mode=off", "spring.config.location=optional:file:./none/")
                .run();
        return new OidcTestProvider(context);
    }

    public static String secretOf(String clientId) {
        return "secret-of-" + clientId;
    }

    @Override
    public void close() {
        context.close();
    }

    /** What the browser ends with: the portal URL the server redirected to, its fragment parsed. */
    record Landing(String location, Map<String, String> fragment) {
        String token() {
            return fragment.get("ssoToken");
        }

        String error() {
            return fragment.get("ssoError");
        }
    }

    /** A browser with its own cookies. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /**
         * Follows redirects from {@code url}; when the provider shows its login form, posts {@code username} and the
         * password. Stops at the portal ({@code /#…}) and returns where it landed.
         */
        Landing follow(String url, String username) throws Exception {
            return follow(url, username, false);
        }

        /** As {@link #follow(String, String)}; with {@code stopAtCallback}, stops before the server's callback. */
        Landing follow(String url, String username, boolean stopAtCallback) throws Exception {
            String next = url;
            for (int hop = 0; hop < 12; hop++) {
                HttpResponse<String> r = get(next);
                if (r.statusCode() == 200 && r.body().contains("name=\"password\"")) {
                    Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(r.body());
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("username", username);
                    form.put("password", PASSWORD);
                    if (csrf.find()) {
                        form.put("_csrf", csrf.group(1));
                    }
                    r = postForm(r.uri().resolve("/login").toString(), form);
                }
                HttpResponse<String> answer = r;
                String location = answer.headers().firstValue("Location").orElseThrow(() ->
                        new IllegalStateException("no redirect from " + answer.uri() + ": " + answer.statusCode()
                                + " " + answer.body()));
                URI to = answer.uri().resolve(location);
                if (stopAtCallback && to.getPath().equals("/sso/oidc/callback")) {
                    return new Landing(to.toString(), fragment(to.getRawQuery()));
                }
                if (to.getPath().equals("/") && to.getRawFragment() != null) {
                    return new Landing(to.toString(), fragment(to.getRawFragment()));
                }
                next = to.toString();
            }
            throw new IllegalStateException("too many redirects from " + url);
        }
    }

    /** Signs {@code username} in through provider {@code providerId} of {@code orgId} in a fresh browser. */
    static Landing signIn(String serverBase, String orgId, String providerId, String username) throws Exception {
        return new Browser().follow(serverBase + "/sso/oidc/start?orgId=" + orgId + "&providerId=" + providerId,
                username);
    }

    static Map<String, String> fragment(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The provider's context: no auto-configuration, just Tomcat and the authorization server. Deliberately not a
     * {@code @Configuration}: the server's component scan must not pick it up.
     */
    @EnableWebSecurity
    static class ProviderApplication {
        @Bean
        TomcatServletWebServerFactory webServer() {
            var factory = new TomcatServletWebServerFactory(0);
            factory.setAddress(java.net.InetAddress.getLoopbackAddress());
            return factory;
        }

        /** Tomcat runs filters only for requests mapped to a servlet: one that answers 404 to what no filter took. */
        @Bean
        org.springframework.boot.web.servlet.ServletRegistrationBean<jakarta.servlet.http.HttpServlet> notFound() {
            return new org.springframework.boot.web.servlet.ServletRegistrationBean<>(
                    new jakarta.servlet.http.HttpServlet() {
                        @Override
                        protected void service(jakarta.servlet.http.HttpServletRequest request,
                                               jakarta.servlet.http.HttpServletResponse response) {
                            response.setStatus(404);
                        }
                    }, "/");
        }

        /** Without Boot's security auto-configuration the filter chain is registered here. */
        @Bean
        org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean securityFilter() {
            var registration = new org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean(
                    "springSecurityFilterChain");
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer as = new OAuth2AuthorizationServerConfigurer();
            http.securityMatcher(as.getEndpointsMatcher())
                    .with(as, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signIn(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            var manager = new InMemoryUserDetailsManager();
            for (String name : List.of("ana", "bob", "carla", "dario", "eve", "fay")) {
                manager.createUser(User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build());
            }
            return manager;
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(clients);
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The ID token carries the user's groups and a preferred user name, as Keycloak's and Entra ID's do. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim() {
            return context -> {
                if ("id_token".equals(context.getTokenType().getValue())) {
                    String name = context.getPrincipal().getName();
                    context.getClaims().claim("groups", GROUPS.getOrDefault(name, List.of()));
                    context.getClaims().claim("preferred_username", name);
                }
            };
        }
    }
}
