package dev.bitflow.app.viewmodel;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * How large the workbench draws everything: the zoom (Ctrl+plus / Ctrl+minus / Ctrl+0, in steps from 80% to 200%)
 * and presenter mode (large type for a lecture hall: the zoom times {@link #PRESENTER_FACTOR}). The window
 * scales its base font by {@link #scaleProperty()}; controls sized in em follow it, and the drawn views (heat
 * maps, tiles, charts, the graph) scale their drawing by it.
 */
public final class PresentationViewModel {
    /** The zoom levels Ctrl+plus and Ctrl+minus step through. */
    static final double[] STEPS = {0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0};
    /** Presenter mode multiplies the zoom by this. */
    public static final double PRESENTER_FACTOR = 1.5;
    /** The workbench's base font size at 100% (workbench.css). */
    public static final double BASE_FONT_PX = 13;

    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1.0);
    private final BooleanProperty presenter = new SimpleBooleanProperty();
    private final DoubleBinding scale = Bindings.createDoubleBinding(
            () -> zoom.get() * (presenter.get() ? PRESENTER_FACTOR : 1), zoom, presenter);
    private final StringBinding rootStyle = Bindings.createStringBinding(
            () -> String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT_PX * scale.get()), scale);
    private final StringBinding description = Bindings.createStringBinding(() -> String.format(Locale.ROOT,
            "Zoom %d%%%s", Math.round(zoom.get() * 100), presenter.get() ? ", presenter mode" : ""), zoom, presenter);

    /** The chosen zoom, one of the steps (1 = 100%). */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    /** Presenter mode: large type. */
    public BooleanProperty presenterProperty() {
        return presenter;
    }

    /** What everything is drawn at: the zoom, times {@link #PRESENTER_FACTOR} in presenter mode. */
    public DoubleBinding scaleProperty() {
        return scale;
    }

    /** The window root's inline style: its base font size. */
    public StringBinding rootStyleProperty() {
        return rootStyle;
    }

    /** For the status bar: "Zoom 125%", ", presenter mode". */
    public StringBinding descriptionProperty() {
        return description;
    }

    /** The next larger step (no change at 200%). */
    public void zoomIn() {
        for (double s : STEPS) {
            if (s > zoom.get() + 1e-9) {
                zoom.set(s);
                return;
            }
        }
    }

    /** The next smaller step (no change at 80%). */
    public void zoomOut() {
        for (int i = STEPS.length - 1; i >= 0; i--) {
            if (STEPS[i] < zoom.get() - 1e-9) {
                zoom.set(STEPS[i]);
                return;
            }
        }
    }

    /** Back to 100%. */
    public void resetZoom() {
        zoom.set(1.0);
    }

    public void togglePresenter() {
        presenter.set(!presenter.get());
    }
}
