package dev.bitflow.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GUI's own layering: ViewModels and services hold state with javafx.beans only, never controls. */
class GuiArchitectureTest {
    private static JavaClasses app;

    @BeforeAll
    static void importClasses() {
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bitflow.app");
    }

    @Test
    void viewModelsUseOnlyJavafxBeansAndCollections() {
        noClasses().that().resideInAnyPackage("dev.bitflow.app.viewmodel..", "dev.bitflow.app.service..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.fxml..", "org.kordamp..", "org.jfree..", "atlantafx..", "dev.bitflow.app.view..")
                .because("ViewModels are unit-tested without the JavaFX toolkit; views only bind")
                .check(app);
    }

    @Test
    void exportAndReportRunWithoutJavafx() {
        noClasses().that().resideInAnyPackage("dev.bitflow.app.export..", "dev.bitflow.app.report..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..",
                        "dev.bitflow.app.view..", "dev.bitflow.app.service..")
                .because("'bitflow report' and the export formats run headless, without the JavaFX toolkit")
                .check(app);
    }

    @Test
    void viewModelsDoNotStartThreads() {
        noClasses().that().resideInAPackage("dev.bitflow.app.viewmodel..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ExecutorService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.CompletableFuture")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javafx.application.Platform")
                .orShould().callConstructor(Thread.class, Runnable.class)
                .because("long work goes through the TaskExecutor")
                .check(app);
    }
}
