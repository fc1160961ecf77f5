package dev.emporium.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with its header name and value checks done by a loop over the
 * characters instead of a regular expression. The rule is the same as the default's: every character
 * assigned in Unicode and none a control character ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}).
 * Query parameters keep the firewall's own defaults.
 * The firewall runs the check on every header a filter or controller reads (the bearer token, the
 * idempotency key, the content type, ...); as a regular expression that was 3 % of the JVM's CPU per
 * wallet transfer in a JFR profile of {@code scripts/bench-transfers.sh}.
 */
final class HeaderFirewall {

    private HeaderFirewall() {}

    static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderFirewall::assignedAndNoControl);
        firewall.setAllowedHeaderValues(HeaderFirewall::assignedAndNoControl);
        return firewall;
    }

    /** True when every code point is assigned and none is a control character (C0, DEL, C1). */
    static boolean assignedAndNoControl(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL || !Character.isDefined(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
