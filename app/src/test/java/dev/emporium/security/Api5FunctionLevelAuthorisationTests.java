package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiAccess;
import dev.emporium.security.HandlerRoutes.Route;
import dev.emporium.seed.DataGenerator;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API5:2023, broken function-level authorisation. The routes come from the application's handler
 * mappings ({@link HandlerRoutes}), not from a list in this test: every ADMIN route (all of
 * {@code /api/v1/admin/**}) and every STAFF route (warehouse operations) is called without a token (401)
 * and with a customer's token (403), ADMIN routes also with a staff token (403), each answer a problem.
 * Every route that is not public answers 401 without a token.
 */
@dev.emporium.support.IntegrationTest
class Api5FunctionLevelAuthorisationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    @Autowired
    ApplicationContext context;

    SecurityFixture fixture;
    HandlerRoutes routes;

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        routes = HandlerRoutes.of(context);
    }

    @Test
    void everyAdminPathIsClassifiedAdminAndTheEnumerationFindsThemAll() {
        List<Route> admin = routes.at(ApiAccess.Level.ADMIN);
        assertThat(routes.routes())
                .filteredOn(r -> r.template().startsWith("/api/v1/admin/"))
                .containsExactlyInAnyOrderElementsOf(admin);
        assertThat(admin).as("the admin routes found in the handler mappings").hasSizeGreaterThanOrEqualTo(15);
        assertThat(routes.at(ApiAccess.Level.STAFF)).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void adminRoutesRefuseAnonymousCallersCustomersAndStaff() throws Exception {
        String customer = fixture.customer().bearer();
        String staff = fixture.staff().bearer();
        List<String> failures = new ArrayList<>();
        for (Route route : routes.at(ApiAccess.Level.ADMIN)) {
            expect(route, null, 401, failures);
            expect(route, customer, 403, failures);
            expect(route, staff, 403, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void staffRoutesRefuseAnonymousCallersAndCustomers() throws Exception {
        String customer = fixture.customer().bearer();
        List<String> failures = new ArrayList<>();
        for (Route route : routes.at(ApiAccess.Level.STAFF)) {
            expect(route, null, 401, failures);
            expect(route, customer, 403, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyRouteThatIsNotPublicNeedsAToken() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Route route : routes.at(ApiAccess.Level.AUTHENTICATED)) {
            expect(route, null, 401, failures);
        }
        assertThat(routes.at(ApiAccess.Level.AUTHENTICATED)).hasSizeGreaterThanOrEqualTo(8);
        assertThat(failures).isEmpty();
    }

    private void expect(Route route, @Nullable String bearer, int status, List<String> failures) throws Exception {
        MockHttpServletRequestBuilder call = request(route.method(), route.path("1"));
        if (bearer != null) {
            call.header("Authorization", bearer);
        }
        if (route.hasBody()) {
            call.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        MockHttpServletResponse response = mvc.perform(call).andReturn().getResponse();
        String who = bearer == null ? "anonymous" : "token";
        if (response.getStatus() != status) {
            failures.add(route + " as " + who + ": " + response.getStatus() + " instead of " + status);
        } else if (response.getContentType() == null
                || !response.getContentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            failures.add(route + " as " + who + ": not problem+json but " + response.getContentType());
        }
    }
}
