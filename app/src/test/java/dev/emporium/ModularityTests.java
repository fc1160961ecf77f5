package dev.emporium;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk to each other only through their public API; platform never depends on a feature. */
class ModularityTests {

    @Test
    void featureModulesRespectTheirBoundaries() {
        ApplicationModules.of(EmporiumApplication.class).verify();
    }
}
