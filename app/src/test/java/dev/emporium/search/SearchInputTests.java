package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Whatever a shopper types is searched as text: no query syntax, SQL or Unicode causes a server error. */
@IntegrationTest
class SearchInputTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @BeforeEach
    void data() {
        TestData.ensureLoaded(generator, jdbc);
    }

    static Stream<String> nastyInputs() {
        return Stream.of(
                "\"",
                "'",
                "\"\"",
                "\"unterminated phrase",
                "&|!():*",
                "a & b | !c",
                "lamp:*",
                "lamp <-> kettle",
                "(lamp",
                "lamp)",
                "\\",
                "\\\\'",
                "%",
                "_%_",
                "'; drop table products; --",
                "1' or '1'='1",
                "lamp or",
                "or",
                "or or or",
                "-",
                "-lamp",
                "--lamp",
                "lamp -",
                "!!!",
                "!lamp",
                "the",
                "a an the of",
                "🙂",
                "lamp 🙂 kettle",
                "日本語の検索",
                "ñandú café",
                "İstanbul",
                "ﬁre",
                "abc\u0000def",
                "tab\tand\nnewline",
                "\u200b\u200b",
                "\uD800lone surrogate",
                "a".repeat(200),
                "&".repeat(200),
                "lamp ".repeat(40),
                "\"lamp\" ".repeat(28),
                "x:* & y:* | !z:*".repeat(12),
                "<script>alert(1)</script>",
                "${jndi:ldap://x}",
                "%00",
                "null",
                "undefined",
                "0",
                "-1",
                "9223372036854775808");
    }

    @ParameterizedTest
    @MethodSource("nastyInputs")
    void anyTextIsSearchedWithoutAServerError(String q) throws Exception {
        int status = mvc.perform(get("/api/v1/search").param("q", q))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).as(q).isIn(200, 400);
        if (!q.isBlank() && q.length() <= 200) {
            mvc.perform(get("/api/v1/search").param("q", q).param("sort", "price_asc"))
                    .andExpect(status().is(status));
        }
        int suggest = mvc.perform(get("/api/v1/search/suggest").param("q", q))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(suggest).as(q).isIn(200, 400);
    }

    @ParameterizedTest
    @MethodSource("nastyInputs")
    void anyPrintableTextIsA200(String q) throws Exception {
        if (SearchText.normalise(q).isEmpty() || q.length() > 200) {
            return;
        }
        mvc.perform(get("/api/v1/search").param("q", q).param("limit", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray());
    }
}
