package dev.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import org.jspecify.annotations.NullMarked;

/**
 * NullAway checks only {@code @NullMarked} code, so a package without the annotation would be
 * silently unchecked. This test makes a new package without a {@code package-info.java} carrying
 * {@code @NullMarked} fail the build, with the package named. It analyses the same classes as
 * {@link ArchitectureTests}, so ArchUnit imports them once for both.
 */
@AnalyzeClasses(packages = "dev.emporium", importOptions = ImportOption.DoNotIncludeTests.class)
class NullMarkedPackagesTests {

    @ArchTest
    void everyMainPackageIsNullMarked(JavaClasses classes) {
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
