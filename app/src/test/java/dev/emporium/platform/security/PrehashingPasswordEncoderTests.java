package dev.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrehashingPasswordEncoderTests {

    private final PrehashingPasswordEncoder encoder = new PrehashingPasswordEncoder(4);

    @Test
    void matchesOnlyTheEncodedPassword() {
        String hash = encoder.encode("correct horse battery");
        assertThat(hash).startsWith("$2a$04$");
        assertThat(encoder.matches("correct horse battery", hash)).isTrue();
        assertThat(encoder.matches("correct horse batterY", hash)).isFalse();
    }

    @Test
    void passwordsBeyondBcryptsSeventyTwoBytesAreAcceptedAndFullyCompared() {
        String shared = "ß".repeat(100);
        String hash = encoder.encode(shared + "one");
        assertThat(encoder.matches(shared + "one", hash)).isTrue();
        assertThat(encoder.matches(shared + "two", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(encoder.encode("same password")).isNotEqualTo(encoder.encode("same password"));
    }

    @Test
    void nullInputNeverMatches() {
        assertThat(encoder.matches("anything", null)).isFalse();
    }
}
