package dev.bitflow.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md as executable rules: the engine is headless, the app and the CLI
 * reach the engine only through {@code engine.api}, plugins only through {@code engine.api} and
 * {@code engine.spi}, and the bit-level inference path holds no float engine.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the plugins module's test helpers reach the app's tests as a test-jar: not production code
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.bitflow");
    }

    @Test
    void everyModuleIsImported() {
        // Guards the rules below against passing vacuously on an empty import.
        assertThat(production.containPackage("dev.bitflow.engine.api")).isTrue();
        assertThat(production.containPackage("dev.bitflow.plugins.host")).isTrue();
        assertThat(production.containPackage("dev.bitflow.app")).isTrue();
    }

    @Test
    void engineKnowsNothingOfGuiLibraries() {
        noClasses().that().resideInAPackage("dev.bitflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "javafx..", "org.jfree..", "org.kordamp..", "atlantafx..", "dev.bitflow.app..",
                        "dev.bitflow.plugins..", "dev.bitflow.assets..")
                .check(production);
    }

    @Test
    void appReachesTheEngineOnlyThroughItsApi() {
        noClasses().that().resideInAPackage("dev.bitflow.app..")
                .should().dependOnClassesThat(
                        resideInAPackage("dev.bitflow.engine..")
                                .and(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                        .resideOutsideOfPackage("dev.bitflow.engine.api..")))
                .because("the app and the CLI are clients of engine.api only")
                .check(production);
    }

    @Test
    void appDoesNotTouchNd4j() {
        noClasses().that().resideInAPackage("dev.bitflow.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .check(production);
    }

    @Test
    void pluginsUseOnlyEngineApiAndSpi() {
        noClasses().that().resideInAPackage("dev.bitflow.plugins..")
                .should().dependOnClassesThat(
                        resideInAPackage("dev.bitflow.engine..")
                                .and(resideOutsideOfPackages(
                                        "dev.bitflow.engine.api..", "dev.bitflow.engine.spi..")))
                .because("plugins are written against engine.api and engine.spi only")
                .check(production);
        noClasses().that().resideInAPackage("dev.bitflow.plugins..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bitflow.app..", "javafx..")
                .check(production);
    }

    @Test
    void engineApiIsSelfContainedAndFreeOfNd4j() {
        noClasses().that().resideInAPackage("dev.bitflow.engine.api..")
                .should().dependOnClassesThat(
                        resideInAPackage("dev.bitflow..")
                                .and(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                        .resideOutsideOfPackage("dev.bitflow.engine.api..")))
                .check(production);
        noClasses().that().resideInAPackage("dev.bitflow.engine.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "com.fasterxml..")
                .check(production);
    }

    @Test
    void spiDependsOnlyOnApi() {
        noClasses().that().resideInAPackage("dev.bitflow.engine.spi..")
                .should().dependOnClassesThat(
                        resideInAPackage("dev.bitflow..")
                                .and(resideOutsideOfPackages(
                                        "dev.bitflow.engine.api..", "dev.bitflow.engine.spi..")))
                .check(production);
    }

    @Test
    void noMutableStaticState() {
        fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("dev.bitflow..")
                .should().beFinal()
                .because("there are no static singletons: one composition root per entry point")
                .check(production);
    }

    @Test
    void bitLevelPathAndFusionDoNotUseTheFloatEngine() {
        // The fused network runs on integer arrays and packed bits only; the float reference it is checked
        // against is plain Java, so neither depends on ND4J.
        noClasses().that().resideInAnyPackage("dev.bitflow.engine.binary..", "dev.bitflow.engine.fuse..",
                        "dev.bitflow.engine.fused..", "dev.bitflow.engine.reference..", "dev.bitflow.engine.fusion..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .check(production);
    }

    @Test
    void fusionLayersDependDownwardsOnly() {
        // reference (the float network) <- fused (the runtime) <- fuse (the passes and their proof)
        // <- io (the .bff file) <- fusion (the service composing them); docs/architecture.md
        for (String p : new String[] {"reference", "fused", "fuse", "fusion"}) {
            assertThat(production.containPackage("dev.bitflow.engine." + p)).as(p).isTrue();
        }
        noClasses().that().resideInAPackage("dev.bitflow.engine.reference..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bitflow.engine.fused..",
                        "dev.bitflow.engine.fuse..", "dev.bitflow.engine.fusion..", "dev.bitflow.engine.io..",
                        "dev.bitflow.engine.analysis..", "dev.bitflow.engine.train..")
                .because("the float network is what everything else is measured against")
                .check(production);
        noClasses().that().resideInAPackage("dev.bitflow.engine.fused..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bitflow.engine.fuse..",
                        "dev.bitflow.engine.fusion..", "dev.bitflow.engine.io..")
                .because("the fused runtime runs without the passes that built it and without its file format")
                .check(production);
        noClasses().that().resideInAPackage("dev.bitflow.engine.fuse..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bitflow.engine.fusion..",
                        "dev.bitflow.engine.io..")
                .because("the passes neither read nor write files")
                .check(production);
        noClasses().that().resideOutsideOfPackages("dev.bitflow.engine.fusion..", "dev.bitflow.engine")
                .should().dependOnClassesThat().resideInAPackage("dev.bitflow.engine.fusion..")
                .because("only the engine's composition root knows the fusion service implementation")
                .check(production);
    }

    @Test
    void filesAreWrittenOnlyThroughAtomicFiles() {
        // One implementation of "temporary file, fsync, atomic move" (docs/decisions/0096): a reader never sees
        // a half-written model, definition, data file, curve, setting or screenshot.
        noClasses().that().doNotHaveFullyQualifiedName("dev.bitflow.engine.api.io.AtomicFiles")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.type(java.nio.file.Files.class)))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching(
                                        "write|writeString|move|newOutputStream|newBufferedWriter|copy"))))
                .because("every file is written through AtomicFiles")
                .check(production);
    }
}
