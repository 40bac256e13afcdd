package dev.bitflow.app.view;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * A pane holding one canvas of its own size, painted again on every layout, on a theme or zoom change and on
 * {@link #repaint()}: the base of the workbench's drawn views (heat maps, bit tiles, the bit-flow diagram, the
 * network graph).
 *
 * <p>Subclasses draw in <em>logical</em> pixels: the pane scales the canvas by the window's zoom ({@link Zoom}),
 * so fonts, tiles and cells grow together, and they give their preferred sizes in logical pixels through
 * {@link #prefHeightAt} and {@link #prefWidthAt}. {@link #render(double)} draws the same picture into an image at
 * any scale for export, crisp rather than an enlarged screen copy.
 */
public abstract class ThemedCanvasPane extends Pane {
    private final Canvas canvas = new Canvas();
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);

    protected ThemedCanvasPane() {
        getChildren().add(canvas);
        dark.addListener((o, a, b) -> repaint());
        zoom.addListener((o, a, b) -> {
            requestLayout();
            repaint();
        });
        Zoom.follow(this, zoom);
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    protected boolean dark() {
        return dark.get();
    }

    /** The window's zoom (1 = 100%), followed automatically while the pane is in a workbench scene. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    protected double zoom() {
        return zoom.get() > 0 ? zoom.get() : 1;
    }

    /** The pane's width in logical pixels. */
    protected double logicalWidth() {
        return getWidth() / zoom();
    }

    /** Paints the cleared canvas, {@code width} x {@code height} logical pixels. */
    protected abstract void paint(GraphicsContext g, double width, double height);

    /** Preferred height in logical pixels for a logical width (default: nothing). */
    protected double prefHeightAt(double width) {
        return 0;
    }

    /** Preferred width in logical pixels (default 600). */
    protected double prefWidthAt(double height) {
        return 600;
    }

    /** Whether the minimum height is the preferred height (so a scroll pane scrolls instead of clipping). */
    protected boolean minHeightIsPref() {
        return false;
    }

    @Override
    protected final double computePrefHeight(double width) {
        return zoom() * prefHeightAt(width > 0 ? width / zoom() : -1);
    }

    @Override
    protected final double computeMinHeight(double width) {
        return minHeightIsPref() ? computePrefHeight(width) : super.computeMinHeight(width);
    }

    @Override
    protected final double computePrefWidth(double height) {
        return zoom() * prefWidthAt(height > 0 ? height / zoom() : -1);
    }

    /** Clears the canvas and paints it. */
    protected final void repaint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        double z = zoom();
        g.save();
        g.scale(z, z);
        paint(g, canvas.getWidth() / z, canvas.getHeight() / z);
        g.restore();
    }

    /**
     * The picture as it is now, drawn again at {@code scale} times its logical size on the theme's background
     * (for export; call on the JavaFX thread).
     */
    public WritableImage render(double scale) {
        double w = Math.max(1, logicalWidth());
        double h = Math.max(1, getHeight() / zoom());
        Canvas c = new Canvas(Math.ceil(w * scale), Math.ceil(h * scale));
        GraphicsContext g = c.getGraphicsContext2D();
        g.setFill(background());
        g.fillRect(0, 0, c.getWidth(), c.getHeight());
        g.scale(scale, scale);
        paint(g, w, h);
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(background());
        return c.snapshot(p, null);
    }

    /** The theme's page background, behind exported pictures. */
    protected Color background() {
        return dark() ? Color.web("#0d1117") : Color.WHITE;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        repaint();
    }
}
