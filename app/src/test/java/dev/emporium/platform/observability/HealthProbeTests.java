package dev.emporium.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.RawHttp;
import dev.emporium.support.TestTokens;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes read background-refreshed snapshots inside Jetty: an anonymous health request never
 * reaches the servlet layer (so never runs an indicator or touches the database), yet says exactly
 * what the endpoint would; liveness has no database component at all; an ADMIN still gets the
 * endpoint's details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthProbeTests {

    private static final List<String> NO_HEADERS = List.of();

    @LocalServerPort
    int port;

    @Autowired
    HealthSnapshots snapshots;

    @Autowired
    JwtEncoder encoder;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void refreshed() {
        snapshots.refresh();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
    void anonymousProbesAreAnsweredFromTheSnapshotWithWhatTheEndpointSays(String path) {
        RawHttp.Response probe = RawHttp.send(port, "GET", path, NO_HEADERS, null);
        // a query string bypasses the snapshot: this is the endpoint computing the view live
        RawHttp.Response live = RawHttp.send(port, "GET", path + "?live", NO_HEADERS, null);

        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.header("Cache-Control")).isEqualTo("no-store");
        assertThat(probe.header("X-Frame-Options"))
                .as("Spring Security's headers: the servlet layer ran")
                .isNull();
        assertThat(live.header("X-Frame-Options")).isNotNull();
        assertThat(probe.header("Content-Type")).isEqualTo(live.header("Content-Type"));
        assertThat(json.readTree(probe.body())).isEqualTo(json.readTree(live.body()));
        assertThat(probe.bodyText()).doesNotContain("details");
    }

    @Test
    void livenessHasNoDatabaseComponent() {
        JsonNode liveness = json.readTree(RawHttp.send(port, "GET", "/actuator/health/liveness", NO_HEADERS, null)
                .body());
        assertThat(liveness.path("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    void plainJsonIsServedToClientsThatAskForIt() {
        RawHttp.Response probe =
                RawHttp.send(port, "GET", "/actuator/health", List.of("Accept: application/json"), null);
        assertThat(probe.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anAdminStillGetsTheDetailsFromTheEndpoint() {
        RawHttp.Response health = RawHttp.send(
                port,
                "GET",
                "/actuator/health",
                List.of("Authorization: " + TestTokens.bearer(encoder, 1, "ADMIN")),
                null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("components").path("db").has("details"))
                .isTrue();
    }
}
