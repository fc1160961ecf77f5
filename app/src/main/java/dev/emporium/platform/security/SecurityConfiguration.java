package dev.emporium.platform.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.emporium.platform.cache.CacheKeys;
import dev.emporium.platform.cache.CacheProperties;
import dev.emporium.platform.ratelimit.RateLimitConfiguration;
import dev.emporium.platform.web.ApiAccess;
import io.micrometer.core.instrument.MeterRegistry;
import javax.crypto.SecretKey;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security. Access tokens are HS256 JWTs carrying the user id ({@code sub}),
 * the role ({@code role}) and the session id ({@code sid}); the decoder accepts HS256 only, so
 * {@code alg: none} and tokens signed with any other algorithm or key are rejected with 401. It also requires
 * this service's issuer ({@code iss}) and audience ({@code aud}) from {@link TokenProperties}, besides the
 * default checks of {@code exp} and {@code nbf}. A verified token is remembered until its expiry
 * ({@link CachingJwtDecoder}); every request, cached or not, is checked against {@link SessionRevocations}, so a
 * token of an ended session is a 401 at once.
 *
 * <p>Public: the routes in {@link ApiAccess#PUBLIC_ROUTES} (catalog reads, auth endpoints), health, info
 * and API docs; metrics only as {@link MetricsAccess} allows; the OpenAPI document is derived from the same
 * table. {@code /api/v1/admin/**} needs ADMIN, {@code /api/v1/fulfillment/**} STAFF or ADMIN; everything else
 * needs any authenticated user. A request no route serves (unknown path,
 * unsupported method) passes unauthenticated so that it gets its truthful 404 or 405 from MVC; see
 * {@link UnroutedRequests}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecretKey tokenSigningKey(TokenProperties properties, JdbcClient jdbc) {
        return SigningKey.resolve(properties, jdbc);
    }

    @Bean
    JwtDecoder jwtDecoder(
            SecretKey tokenSigningKey,
            TokenProperties properties,
            SessionRevocations revocations,
            VerifiedTokenProperties verifiedTokens) {
        return new CachingJwtDecoder(
                signatureCheckingDecoder(tokenSigningKey, properties), revocations, verifiedTokens);
    }

    /**
     * HS256 only, with the default timestamp checks plus this service's issuer and audience: verifies the
     * signature and claims of one token.
     */
    static JwtDecoder signatureCheckingDecoder(SecretKey tokenSigningKey, TokenProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(tokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<java.util.List<String>>(
                        JwtClaimNames.AUD, aud -> aud != null && aud.contains(properties.audience()))));
        return decoder;
    }

    /** The strict firewall with the default rules; header names and values checked by a loop ({@link HeaderFirewall}). */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SessionRevocations sessionRevocations(
            TokenProperties tokens,
            RevocationProperties properties,
            RevokedSessionSource source,
            CacheProperties cache,
            MeterRegistry registry) {
        RevocationBus bus = cache.redisUrl().isEmpty()
                ? null
                : new RevocationBus(
                        cache.redisUrl(),
                        CacheKeys.forNamespace(cache.namespace()),
                        cache.commandTimeout(),
                        cache.reconnectInterval());
        return new SessionRevocations(
                tokens.accessTokenTtl(), properties, source, bus, registry, java.time.Clock.systemUTC());
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(tokenSigningKey));
    }

    @Bean
    PasswordEncoder passwordEncoder(TokenProperties properties, HashingProperties hashing, MeterRegistry registry) {
        return new BoundedPasswordEncoder(
                new PrehashingPasswordEncoder(properties.passwordHashStrength()), hashing, registry);
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            JsonMapper json,
            ApplicationContext context,
            RateLimitConfiguration rateLimits,
            MetricsAccessProperties metricsAccess) {
        MetricsAccess metrics = new MetricsAccess(metricsAccess);
        JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
        roles.setJwtGrantedAuthoritiesConverter(jwt -> {
            String role = jwt.getClaimAsString("role");
            return role == null ? java.util.List.of() : java.util.List.of(new SimpleGrantedAuthority("ROLE_" + role));
        });
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                // written for every response, including those answered before this chain (platform.web
                // SecurityHeadersFilter); Spring Security keeps only its Cache-Control on authenticated answers
                .headers(headers -> headers.contentTypeOptions(o -> o.disable())
                        .frameOptions(o -> o.disable())
                        .httpStrictTransportSecurity(o -> o.disable())
                        .xssProtection(o -> o.disable()))
                .authorizeHttpRequests(auth -> auth.requestMatchers(new UnroutedRequests(context))
                        .permitAll()
                        .requestMatchers(publicRoutes())
                        .permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
                        .permitAll()
                        .requestMatchers(MetricsAccess.PATHS)
                        .access(metrics)
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        // the /ops page's static shell holds no data: it logs in and polls an ADMIN endpoint
                        .requestMatchers("/ops", "/ops/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(ApiAccess.ADMIN_PATTERN)
                        .hasRole("ADMIN")
                        .requestMatchers(ApiAccess.STAFF_PATTERN)
                        .hasAnyRole("STAFF", "ADMIN")
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(metrics.tokenResolver())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        // a token that fails verification counts against its address's anonymous budget
                        .authenticationEntryPoint(
                                rateLimits.invalidTokenEntryPoint(ProblemAuthenticationHandlers.entryPoint(json)))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                // per-user rate limit: once the token is verified, before authorisation and any controller
                .addFilterAfter(rateLimits.perUserFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    private static RequestMatcher publicRoutes() {
        return new OrRequestMatcher(ApiAccess.PUBLIC_ROUTES.stream()
                .map(route -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(route.method(), route.pattern()))
                .toList());
    }
}
