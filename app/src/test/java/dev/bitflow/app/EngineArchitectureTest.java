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
 * uses only the packages below it along the data flow definition -> train -> fuse -> analyse (docs/architecture.md). A new engine
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
                .layer("binary").definedBy("dev.bitflow.engine.binary..")
                .layer("data").definedBy("dev.bitflow.engine.data..")
                .layer("memory").definedBy("dev.bitflow.engine.memory..")
                .layer("reference").definedBy("dev.bitflow.engine.reference..")
                .layer("fused").definedBy("dev.bitflow.engine.fused..")
                .layer("fuse").definedBy("dev.bitflow.engine.fuse..")
                .layer("io").definedBy("dev.bitflow.engine.io..")
                .layer("runs").definedBy("dev.bitflow.engine.runs..")
                .layer("train").definedBy("dev.bitflow.engine.train..")
                .layer("fusion").definedBy("dev.bitflow.engine.fusion..")
                .layer("export").definedBy("dev.bitflow.engine.export..")
                .layer("analysis").definedBy("dev.bitflow.engine.analysis..")
                .whereLayer("composition").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayNotAccessAnyLayer()
                .whereLayer("spi").mayOnlyAccessLayers("api")
                .whereLayer("model").mayOnlyAccessLayers("api")
                .whereLayer("binary").mayOnlyAccessLayers("api")
                .whereLayer("data").mayOnlyAccessLayers("api", "spi")
                .whereLayer("memory").mayOnlyAccessLayers("api")
                .whereLayer("reference").mayOnlyAccessLayers("api", "model", "binary", "data")
                .whereLayer("fused").mayOnlyAccessLayers("api", "binary", "reference")
                .whereLayer("fuse").mayOnlyAccessLayers("api", "model", "binary", "data", "reference", "fused")
                .whereLayer("io").mayOnlyAccessLayers("api", "model", "binary", "reference", "fused", "fuse")
                .whereLayer("runs").mayOnlyAccessLayers("api", "io")
                .whereLayer("train").mayOnlyAccessLayers("api", "spi", "model", "data", "memory", "reference", "io")
                .whereLayer("fusion").mayOnlyAccessLayers("api", "spi", "model", "binary", "data", "reference",
                        "fused", "fuse", "io")
                .whereLayer("export").mayOnlyAccessLayers("api", "spi", "model", "io")
                .whereLayer("analysis").mayOnlyAccessLayers("api", "spi", "model", "binary", "data", "memory",
                        "reference", "fused", "fuse", "io")
                .because("data flows one way: definition -> train -> fuse -> analyse; the bit-level kernels, the "
                        + "float reference network and the fused runtime know nothing of training, files or "
                        + "analysis, and the services (train, fusion, export, runs) reach each other only through "
                        + "the API the composition root hands them")
                .check(engine);
    }
}
