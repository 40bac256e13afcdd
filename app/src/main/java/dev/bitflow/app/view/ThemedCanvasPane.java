package dev.bitflow.app.view;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;

/**
 * A pane holding one canvas of its own size, painted again on every layout, on a theme change and on
 * {@link #repaint()}: the base of the workbench's drawn views (heat maps, bit tiles).
 */
public abstract class ThemedCanvasPane extends Pane {
    private final Canvas canvas = new Canvas();
    private final BooleanProperty dark = new SimpleBooleanProperty();

    protected ThemedCanvasPane() {
        getChildren().add(canvas);
        dark.addListener((o, a, b) -> repaint());
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    protected boolean dark() {
        return dark.get();
    }

    /** Paints the cleared canvas, {@code width} x {@code height} pixels. */
    protected abstract void paint(GraphicsContext g, double width, double height);

    /** Clears the canvas and paints it. */
    protected final void repaint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        paint(g, canvas.getWidth(), canvas.getHeight());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        repaint();
    }
}
