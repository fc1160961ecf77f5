package dev.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * NullAway checks only {@code @NullMarked} code, so a package without the annotation would be
 * silently unchecked. This test makes a new package without a {@code package-info.java} carrying
 * {@code @NullMarked} fail the build, with the package named.
 */
class NullMarkedPackagesTests {

    @Test
    void everyMainPackageIsNullMarked() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.emporium");
        var unmarked = classes.stream()
                .map(JavaClass::getPackage)
                .distinct()
                .filter(p -> !p.isAnnotatedWith(NullMarked.class))
                .map(JavaPackage::getName)
                .sorted()
                .toList();
        assertThat(unmarked)
                .as("packages without a package-info.java annotated @NullMarked")
                .isEmpty();
    }
}
