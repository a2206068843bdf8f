package org.markauth.verify.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * verify-api's floors (docs/verify-api.md, "Packages"): the web kit at the bottom, the features
 * above it, the composition root ({@code app}) on top. Features import {@code web}; only
 * {@code app} imports every feature. The engine packages below the features ({@code registry},
 * {@code cache}, {@code scan}, {@code rules}, {@code block}, {@code receipt}) may be used by anyone.
 */
@AnalyzeClasses(packages = "org.markauth.verify", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("org.markauth.verify.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule webKitImportsNoFeature = noClasses().that().resideInAPackage("org.markauth.verify.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.markauth.verify.app..",
                    "org.markauth.verify.api..", "org.markauth.verify.check..", "org.markauth.verify.stats..",
                    "org.markauth.verify.page..", "org.markauth.verify.officer..", "org.markauth.verify.catalogue..",
                    "org.markauth.verify.trace..", "org.markauth.verify.report..", "org.markauth.verify.health..",
                    "org.markauth.verify.status..", "org.markauth.verify.worklist..");

    @ArchTest
    static final ArchRule onlyTheRootKnowsTheRoot = noClasses().that().resideOutsideOfPackage("org.markauth.verify.app..")
            .should().dependOnClassesThat().resideInAPackage("org.markauth.verify.app..");
}
