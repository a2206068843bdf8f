package org.markauth.issuer.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issuer's package boundaries, kept by the build (RENOVATION §9): feature packages do not
 * import each other in circles, and {@code http} is a kit that knows no feature.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.markauth.issuer");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.markauth.issuer.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theHttpKitImportsNoFeature() {
        // the root package holds only what every package shares (IssuerException)
        classes().that().resideInAPackage("org.markauth.issuer.http..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("org.markauth.issuer..")
                        .or(resideInAnyPackage("org.markauth.issuer", "org.markauth.issuer.http..")))
                .check(classes);
    }
}
