package dev.bitflow.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's inner layering (docs/architecture.md) as executable rules: no package cycles, and each package
 * uses only the packages below it along the data flow definition -> train -> fuse -> analyse. A new engine
 * package has to join a layer here before the build passes.
 */
class EngineArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importClasses() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bitflow.engine");
    }

    @Test
    void theEngineIsImported() {
        assertThat(engine.containPackage("dev.bitflow.engine.fuse")).isTrue();
        assertThat(engine.containPackage("dev.bitflow.engine.analysis.sf")).isTrue();
    }

    @Test
    void enginePackagesFormNoCycle() {
        // engine.api is one unit: its facade (Engine) names every service package, and every service package
        // uses the facade's BadInputException and TaskMonitor; as a whole it takes part in no cycle
        slices().matching("dev.bitflow.engine.(*)..").should().beFreeOfCycles()
                .because("each package of the engine builds on the ones below it, never on one that uses it")
                .check(engine);
        slices().matching("dev.bitflow.engine.(**)").that(DescribedPredicate.describe("outside engine.api",
                        (Slice s) -> !s.getNamePart(1).equals("api") && !s.getNamePart(1).startsWith("api.")))
                .should().beFreeOfCycles()
                .because("neither do the packages inside them (analysis.sf, analysis.activations, spi.idx, ...)")
                .check(engine);
    }

    @Test
    void enginePackagesUseOnlyTheLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("composition").definedBy("dev.bitflow.engine")
                .layer("api").definedBy("dev.bitflow.engine.api..")
                .layer("spi").definedBy("dev.bitflow.engine.spi..")
                .layer("model").definedBy("dev.bitflow.engine.model..")
                .layer("io").definedBy("dev.bitflow.engine.io..")
                .layer("data").definedBy("dev.bitflow.engine.data..")
                .layer("binary").definedBy("dev.bitflow.engine.binary..")
                .layer("train").definedBy("dev.bitflow.engine.train..")
                .layer("fusion").definedBy("dev.bitflow.engine.fuse..")
                .layer("analysis").definedBy("dev.bitflow.engine.analysis..")
                .whereLayer("composition").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayNotAccessAnyLayer()
                .whereLayer("spi").mayOnlyAccessLayers("api")
                .whereLayer("model").mayOnlyAccessLayers("api")
                .whereLayer("io").mayOnlyAccessLayers("api", "model")
                .whereLayer("data").mayOnlyAccessLayers("api", "spi")
                .whereLayer("binary").mayOnlyAccessLayers("api")
                .whereLayer("train").mayOnlyAccessLayers("api", "spi", "model", "io", "data")
                .whereLayer("fusion").mayOnlyAccessLayers("api", "spi", "model", "io", "data", "binary")
                .whereLayer("analysis").mayOnlyAccessLayers("api", "spi", "model", "io", "data", "binary", "fusion")
                .because("data flows one way: definition -> train -> fuse -> analyse; the bit-level kernels and "
                        + "the file formats know nothing of training, fusion or analysis")
                .check(engine);
    }
}
