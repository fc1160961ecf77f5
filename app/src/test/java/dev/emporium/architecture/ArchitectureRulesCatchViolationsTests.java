package dev.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rule that passes on the real code proves nothing unless it can also fail. Each rule of
 * {@link ArchitectureTests} is run here against {@code violations}, test-only classes that break it
 * on purpose, and must report the offending class.
 */
class ArchitectureRulesCatchViolationsTests {

    private static JavaClasses violations;

    @BeforeAll
    static void importViolations() {
        violations = new ClassFileImporter().importPackages("dev.emporium.architecture.violations");
    }

    @Test
    void publicControllerIsReported() {
        assertViolation(ArchitectureTests.controllersArePackagePrivate, "PublicController");
    }

    @Test
    void controllerCallingARepositoryIsReported() {
        assertViolation(ArchitectureTests.controllersDoNotTalkToRepositories, "PublicController");
    }

    @Test
    void repositoryUsedFromAnotherPackageIsReported() {
        assertViolation(ArchitectureTests.repositoriesAreUsedOnlyInTheirOwnFeature, "Intruder");
    }

    @Test
    void sqlOutsideARepositoryIsReported() {
        assertViolation(ArchitectureTests.sqlLivesInRepositories, "SqlInService");
    }

    @Test
    void fieldInjectionIsReported() {
        assertViolation(ArchitectureTests.noFieldInjection, "SqlInService");
    }

    @Test
    void packageCycleIsReported() {
        assertViolation(ArchitectureTests.packagesAreFreeOfCycles, "violations.a");
    }

    private static void assertViolation(ArchRule rule, String offender) {
        var result = rule.evaluate(violations);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(offender);
    }
}
