package dev.emporium.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.client.ApiClient;
import dev.emporium.client.ApiException;
import dev.emporium.client.api.AccountApi;
import dev.emporium.client.api.AuthApi;
import dev.emporium.client.api.CatalogApi;
import dev.emporium.client.model.Account;
import dev.emporium.client.model.Login;
import dev.emporium.client.model.PageResponseProduct;
import dev.emporium.client.model.Product;
import dev.emporium.client.model.TokenPair;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Uses the client that openapi-generator made from the served document against the running server
 * ({@code -Demporium.baseUrl}, demo data): the proof that the document is usable, not just valid.
 */
class GeneratedClientTests {

    private static final String DEMO_EMAIL = "alice@demo.emporium.dev";
    private static final String DEMO_PASSWORD = "emporium-demo";

    private final ApiClient client = new ApiClient();

    GeneratedClientTests() {
        URI base = URI.create(System.getProperty("emporium.baseUrl", "http://127.0.0.1:8080"));
        client.setScheme(base.getScheme());
        client.setHost(base.getHost());
        client.setPort(base.getPort());
        client.setBasePath("");
    }

    @Test
    void listsProductsAndReadsOne() throws ApiException {
        CatalogApi catalog = new CatalogApi(client);
        PageResponseProduct page = catalog.listProducts(null, null, null, null, "price_asc", 5, null, null);
        assertThat(page.getItems()).hasSize(5);
        assertThat(page.getLimit()).isEqualTo(5);
        assertThat(page.getNextCursor()).isNotBlank();

        Product first = page.getItems().getFirst();
        Product read = catalog.getProduct(first.getId());
        assertThat(read.getId()).isEqualTo(first.getId());
        assertThat(read.getPrice()).isEqualTo(first.getPrice());
        assertThat(read.getCurrency()).hasSize(3);
        assertThat(read.getAttributes()).isNotNull();
        assertThat(read.getCreatedAt()).isNotNull();
    }

    @Test
    void logsInAndReadsTheCallersProfile() throws ApiException {
        TokenPair tokens =
                new AuthApi(client).login(new Login().email(DEMO_EMAIL).password(DEMO_PASSWORD));
        assertThat(tokens.getTokenType()).isEqualTo(TokenPair.TokenTypeEnum.BEARER);
        assertThat(tokens.getExpiresIn()).isPositive();

        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + tokens.getAccessToken()));
        Account me = new AccountApi(client).getMe();
        assertThat(me.getEmail()).isEqualTo(DEMO_EMAIL);
        assertThat(me.getRole()).isEqualTo(Account.RoleEnum.CUSTOMER);
    }

    @Test
    void aWrongPasswordIsTheDocumented401() {
        assertThatThrownBy(() ->
                        new AuthApi(client).login(new Login().email(DEMO_EMAIL).password("wrong-password")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"status\":401");
                });
    }

    @Test
    void anUnknownProductIsTheDocumented404() {
        assertThatThrownBy(() -> new CatalogApi(client).getProduct(999_999_999L))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
}
