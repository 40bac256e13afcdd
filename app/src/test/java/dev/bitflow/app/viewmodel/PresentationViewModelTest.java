package dev.bitflow.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.viewmodel.help.HelpContent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Zoom steps, presenter mode and the help content, without the FX toolkit. */
class PresentationViewModelTest {
    @Test
    void zoomStepsFrom80To200PercentAndPresenterModeMultipliesIt() {
        PresentationViewModel p = new PresentationViewModel();
        assertThat(p.scaleProperty().get()).isEqualTo(1.0);
        assertThat(p.rootStyleProperty().get()).isEqualTo("-fx-font-size: 13.0px;");
        p.zoomIn();
        p.zoomIn();
        assertThat(p.zoomProperty().get()).isEqualTo(1.25);
        assertThat(p.descriptionProperty().get()).isEqualTo("Zoom 125%");
        for (int i = 0; i < 20; i++) {
            p.zoomIn();
        }
        assertThat(p.zoomProperty().get()).isEqualTo(2.0);
        for (int i = 0; i < 20; i++) {
            p.zoomOut();
        }
        assertThat(p.zoomProperty().get()).isEqualTo(0.8);
        p.resetZoom();
        p.togglePresenter();
        assertThat(p.scaleProperty().get()).isEqualTo(PresentationViewModel.PRESENTER_FACTOR);
        assertThat(p.rootStyleProperty().get()).isEqualTo("-fx-font-size: 19.5px;");
        assertThat(p.descriptionProperty().get()).isEqualTo("Zoom 100%, presenter mode");
        p.togglePresenter();
        assertThat(p.scaleProperty().get()).isEqualTo(1.0);
    }

    @Test
    void everyViewHasAGuideAndTheGlossaryNamesTheKeyTerms() {
        Set<String> ids = new HashSet<>();
        for (var t : HelpContent.topics()) {
            assertThat(ids.add(t.id())).as("unique id " + t.id()).isTrue();
            assertThat(t.paragraphs()).isNotEmpty();
        }
        for (WorkbenchPage page : WorkbenchPage.values()) {
            assertThat(HelpContent.topic(HelpContent.topicOf(page))).as(page.title()).isPresent()
                    .get().extracting(HelpContent.Topic::title).isEqualTo(page.title());
        }
        assertThat(HelpContent.glossary()).extracting(HelpContent.Term::term).contains("SF (scaling factor)",
                "BatchShift (B)", "Tie", "K_eff", "K", "Popcount", "XNOR");
        assertThat(HelpContent.topic(HelpContent.ABOUT_PAPER).orElseThrow().paragraphs())
                .anyMatch(p -> p.contains("IEEE Access, vol. 7, pp. 154617") && p.contains("10.1109/ACCESS.2019.2945488"));
        assertThat(HelpContent.shortcuts()).extracting(HelpContent.Shortcut::keys).contains("F1", "Ctrl+Plus", "F5");
    }
}
