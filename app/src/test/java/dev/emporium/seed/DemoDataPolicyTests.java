package dev.emporium.seed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Demo customers have a published password: they go into the embedded database only, unless asked for. */
class DemoDataPolicyTests {

    @Test
    void anExternalDatabaseGetsNoDemoDataUnlessAskedExplicitly() {
        assertThat(SeedRunner.demoWanted(null, false)).isFalse();
        assertThat(SeedRunner.demoWanted(true, false)).isTrue();
    }

    @Test
    void theEmbeddedDefaultGetsDemoDataUnlessSwitchedOff() {
        assertThat(SeedRunner.demoWanted(null, true)).isTrue();
        assertThat(SeedRunner.demoWanted(false, true)).isFalse();
    }
}
