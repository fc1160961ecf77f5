package dev.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loop accepts exactly what Spring Security's default regular expression accepts. */
class HeaderFirewallTests {

    private static final Pattern DEFAULT_RULE = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void agreesWithTheDefaultRuleOnEveryCodePoint() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String one = new String(Character.toChars(c));
            boolean expected = DEFAULT_RULE.matcher(one).matches();
            assertThat(HeaderFirewall.assignedAndNoControl(one)).as("U+%04X", c).isEqualTo(expected);
        }
    }

    @Test
    void agreesOnWholeValues() {
        String[] values = {
            "",
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "transfer-0001:retry_2",
            "caf\u00e9 \u20ac 😀",
            "line\nbreak",
            "tab\tinside",
            "del\u007f",
            "c1\u0085",
            "unassigned\u0378",
            "lone \ud800 surrogate",
            "😀\udfff"
        };
        for (String value : values) {
            assertThat(HeaderFirewall.assignedAndNoControl(value))
                    .as(value)
                    .isEqualTo(DEFAULT_RULE.matcher(value).matches());
        }
    }

    @Test
    void theApplicationsFirewallRejectsAControlCharacterInAHeader() {
        var request = new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/v1/products");
        request.addHeader("X-Test", "bad\u0007value");
        var firewalled = HeaderFirewall.strict().getFirewalledRequest(request);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> firewalled.getHeader("X-Test"))
                .isInstanceOf(org.springframework.security.web.firewall.RequestRejectedException.class);
    }
}
