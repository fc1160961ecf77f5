package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class AdminProductControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    JwtEncoder encoder;

    String admin;
    String customer;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        admin = TestTokens.bearer(encoder, 1, "ADMIN");
        customer = TestTokens.bearer(encoder, 2, "CUSTOMER");
    }

    @Test
    void adminCreatesAProductThatIsThenListed() throws Exception {
        String sku = "T-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"sku":"%s","name":"Test Kettle","brand":"Testbrand","categoryId":300,"price":1299,
                 "currency":"EUR","stock":7,"attributes":{"color":"red"}}""".formatted(sku);
        String location = mvc.perform(post("/api/v1/admin/products")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(header().exists(HttpHeaders.LOCATION))
                .andExpect(jsonPath("$.sku").value(sku))
                .andExpect(jsonPath("$.price").value(1299))
                .andExpect(jsonPath("$.attributes.color").value("red"))
                .andReturn()
                .getResponse()
                .getHeader(HttpHeaders.LOCATION);
        mvc.perform(get(location))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Test Kettle"));
        mvc.perform(get("/api/v1/products?brand=Testbrand"))
                .andExpect(jsonPath("$.items[?(@.sku == '" + sku + "')]").exists());
    }

    @Test
    void duplicateSkuIsAConflict() throws Exception {
        String body = """
                {"sku":"SKU-00000001","name":"Dup","brand":"B","categoryId":300,"price":1,"currency":"EUR","stock":1}""";
        mvc.perform(post("/api/v1/admin/products")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void invalidProductIsRejectedWithFieldErrorsAndNothingIsWritten() throws Exception {
        long before =
                jdbc.sql("select count(*) from products").query(Long.class).single();
        String body = """
                {"sku":"bad sku!","name":"","brand":"B","categoryId":300,"price":-5,"currency":"euro","stock":-1}""";
        mvc.perform(post("/api/v1/admin/products")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.sku").exists())
                .andExpect(jsonPath("$.errors.name").exists())
                .andExpect(jsonPath("$.errors.price").exists())
                .andExpect(jsonPath("$.errors.currency").exists())
                .andExpect(jsonPath("$.errors.stock").exists());
        mvc.perform(post("/api/v1/admin/products")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"sku":"OK-1","name":"n","brand":"b","categoryId":987654,"price":1,"currency":"EUR","stock":1}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.categoryId").exists());
        mvc.perform(post("/api/v1/admin/products")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(jdbc.sql("select count(*) from products").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void patchChangesOnlyTheGivenFields() throws Exception {
        long id = 777;
        String nameBefore = jdbc.sql("select name from products where id = 777")
                .query(String.class)
                .single();
        mvc.perform(patch("/api/v1/admin/products/" + id)
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"price\": 4242, \"stock\": 3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.price").value(4242))
                .andExpect(jsonPath("$.stock").value(3))
                .andExpect(jsonPath("$.name").value(nameBefore));
        mvc.perform(patch("/api/v1/admin/products/" + id)
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"active\": false}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/products/" + id)).andExpect(status().isNotFound());
        mvc.perform(patch("/api/v1/admin/products/" + id)
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"active\": true}"))
                .andExpect(status().isOk());
    }

    @Test
    void badPatchesAreRejected() throws Exception {
        mvc.perform(patch("/api/v1/admin/products/778")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest());
        mvc.perform(patch("/api/v1/admin/products/778")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"price\": -1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.price").exists());
        mvc.perform(patch("/api/v1/admin/products/987654321")
                        .header(HttpHeaders.AUTHORIZATION, admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"price\": 1}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlyAdminsMayWrite() throws Exception {
        String body = "{\"price\": 1}";
        mvc.perform(patch("/api/v1/admin/products/779")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(patch("/api/v1/admin/products/779")
                        .header(HttpHeaders.AUTHORIZATION, customer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
