package dev.emporium.platform.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security. Access tokens are HS256 JWTs carrying the user id ({@code sub}),
 * the role ({@code role}) and the session id ({@code sid}); the decoder accepts HS256 only, so
 * {@code alg: none} and tokens signed with any other algorithm or key are rejected with 401.
 *
 * <p>Public: catalog and search reads, auth endpoints, health, metrics and API docs. {@code /api/v1/admin/**}
 * needs ADMIN; everything else needs any authenticated user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecretKey tokenSigningKey(TokenProperties properties, JdbcClient jdbc) {
        return SigningKey.resolve(properties, jdbc);
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenSigningKey) {
        return NimbusJwtDecoder.withSecretKey(tokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(tokenSigningKey));
    }

    @Bean
    PasswordEncoder passwordEncoder(TokenProperties properties) {
        return new PrehashingPasswordEncoder(properties.passwordHashStrength());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) {
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
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/categories/**",
                                "/api/v1/products/**",
                                "/api/v1/search",
                                "/api/v1/search/**")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/auth/register",
                                "/api/v1/auth/login",
                                "/api/v1/auth/refresh",
                                "/api/v1/auth/logout")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/api/v1/admin/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)));
        return http.build();
    }
}
