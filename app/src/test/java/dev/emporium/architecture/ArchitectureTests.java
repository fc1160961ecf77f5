package dev.emporium.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The promises of STYLE.md that a reviewer would otherwise have to check by eye. The rules go by
 * role (a {@code *Repository}, a {@code @RestController}) and never name a feature, so a new feature
 * package that follows the style satisfies them without touching this class; one that does not is
 * told which class broke which rule. Spring Modulith's {@code ModularityTests} checks the module
 * boundaries themselves; these rules check what happens inside a module.
 */
@AnalyzeClasses(packages = "dev.emporium", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    /**
     * The only classes outside a {@code *Repository} that may hold SQL, each for a reason:
     * <ul>
     *   <li>{@code dev.emporium.platform.db..}: the database mechanisms themselves (COPY bulk
     *       loading, index drop and rebuild around it, the embedded server).
     *   <li>{@code *BulkLoader}: a feature's COPY entry point for the data generator; it truncates
     *       and re-sequences that feature's own tables and is called by nothing on the request path.
     *   <li>{@code SigningKey} and {@code SecurityConfiguration}: the one row of
     *       {@code server_secrets}, read or created once at start-up, before any feature is up;
     *       a repository class for a single start-up statement would add nothing.
     *   <li>{@code SeedRunner}: takes and releases the seed advisory lock on one connection, which
     *       is a lock, not data access, and must not go through the pool's statement proxy.
     * </ul>
     */
    private static final Set<String> SQL_OUTSIDE_REPOSITORIES_ALLOWED = Set.of(
            "dev.emporium.platform.security.SigningKey",
            "dev.emporium.platform.security.SecurityConfiguration",
            "dev.emporium.seed.SeedRunner");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes()
            .that()
            .areAnnotatedWith(RestController.class)
            .or()
            .areAnnotatedWith(Controller.class)
            .or()
            .haveSimpleNameEndingWith("Controller")
            .should()
            .bePackagePrivate()
            .because("a controller is HTTP mapping only; other code calls the feature's service");

    @ArchTest
    static final ArchRule repositoriesAreUsedOnlyInTheirOwnFeature = classes()
            .that()
            .haveSimpleNameEndingWith("Repository")
            .should(beUsedOnlyFromTheirOwnPackage())
            .because("another feature goes through this feature's service or its events");

    @ArchTest
    static final ArchRule controllersDoNotTalkToRepositories = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .or()
            .haveSimpleNameEndingWith("Controller")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Repository")
            .because("transactions and rules live in the service, between the two");

    @ArchTest
    static final ArchRule sqlLivesInRepositories = noClasses()
            .that()
            .haveSimpleNameNotEndingWith("Repository")
            .and()
            .haveSimpleNameNotEndingWith("BulkLoader")
            .and()
            .resideOutsideOfPackage("dev.emporium.platform.db..")
            .and(describe(
                    "are not an allowed exception",
                    (JavaClass c) -> !SQL_OUTSIDE_REPOSITORIES_ALLOWED.contains(c.getName())))
            .should()
            .dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(JdbcOperations.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(NamedParameterJdbcOperations.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(SimpleJdbcInsert.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(java.sql.Statement.class)
            .because("every statement is visible, reviewed and EXPLAIN-tested in one place per feature");

    @ArchTest
    static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION.because(
            "constructor injection keeps dependencies visible and fields final");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.emporium.(**)")
            .should()
            .beFreeOfCycles()
            .because("a cycle makes two packages one in all but name");

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnPackage() {
        return new ArchCondition<>("be used only from their own package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                for (Dependency use : repository.getDirectDependenciesToSelf()) {
                    JavaClass user = use.getOriginClass();
                    if (!user.getPackageName().equals(repository.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(use, use.getDescription()));
                    }
                }
            }
        };
    }
}
