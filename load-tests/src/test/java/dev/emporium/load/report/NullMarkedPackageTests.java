package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** NullAway checks only @NullMarked code; the report generator's package must stay marked. */
class NullMarkedPackageTests {

    @Test
    void reportPackageIsNullMarked() {
        assertThat(Report.class.getPackage().isAnnotationPresent(NullMarked.class))
                .isTrue();
    }
}
