package dev.bitflow.app.view.stepthrough;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.view.Ui;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.ReceptiveField;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;

/**
 * The input image as the model sees it (grey or RGB, pixels as squares) with the receptive field of one output
 * position outlined: a solid accent rectangle around the image pixels the bit depends on and, where the field
 * reaches beyond the image edge (the layers read padding there), a dashed one around the whole nominal field. A
 * margin of {@link #setMargin} image pixels around the image keeps the dashed part on the canvas; it stays the same
 * for every position of a layer, so the image does not move while the user clicks through positions.
 */
public final class ReceptiveFieldCanvas extends ThemedCanvasPane {
    private ImageSample sample;
    private Image image;
    private ReceptiveField field;
    private int margin;
    private double side = 220;

    public ReceptiveFieldCanvas() {
        setMinWidth(80);
    }

    /** Shows {@code sample} with {@code field} (either may be null). */
    public void show(ImageSample sample, ReceptiveField field) {
        if (sample != this.sample) {
            this.image = sample == null ? null : Ui.image(sample);
        }
        this.sample = sample;
        this.field = field;
        repaint();
    }

    /** Image pixels of room around the image for the part of a field beyond the edge. */
    public void setMargin(int pixels) {
        this.margin = Math.max(0, pixels);
        repaint();
    }

    /** The preferred side of the drawing in logical pixels (220 unless set). */
    public void setSide(double pixels) {
        if (pixels == side) {
            return;
        }
        this.side = pixels;
        requestLayout();
    }

    @Override
    protected double prefWidthAt(double height) {
        return side;
    }

    @Override
    protected double prefHeightAt(double width) {
        return side;
    }

    @Override
    protected void paint(GraphicsContext g, double width, double height) {
        if (sample == null) {
            return;
        }
        int cols = sample.width() + 2 * margin;
        int rows = sample.height() + 2 * margin;
        double px = Math.max(0.5, Math.min((width - 4) / cols, (height - 4) / rows));
        double ox = Math.floor((width - cols * px) / 2) + margin * px;
        double oy = 2 + margin * px;
        Color edge = dark() ? Color.web("#30363d") : Color.web("#d0d7de");
        Color muted = dark() ? Color.web("#6e7681") : Color.web("#8c959f");
        if (margin > 0) { // the padding the layers read: a faint frame around the image
            g.setFill(dark() ? Color.web("#161b22") : Color.web("#f6f8fa"));
            g.fillRect(ox - margin * px, oy - margin * px, cols * px, rows * px);
            g.setStroke(edge);
            g.setLineWidth(1);
            g.strokeRect(ox - margin * px + 0.5, oy - margin * px + 0.5, cols * px - 1, rows * px - 1);
        }
        g.setImageSmoothing(false);
        g.drawImage(image, ox, oy, sample.width() * px, sample.height() * px);
        g.setStroke(muted);
        g.setLineWidth(1);
        g.strokeRect(ox - 0.5, oy - 0.5, sample.width() * px + 1, sample.height() * px + 1);
        if (field == null || field.imageHeight() != sample.height() || field.imageWidth() != sample.width()) {
            return;
        }
        Color accent = dark() ? Color.web("#4493f8") : Color.web("#0969da");
        g.setLineCap(StrokeLineCap.BUTT);
        if (field.beyondEdge() || !field.dependsOnImage()) {
            double l = Math.max(field.left(), -margin);
            double t = Math.max(field.top(), -margin);
            double r = Math.min(field.right() + 1, sample.width() + margin);
            double b = Math.min(field.bottom() + 1, sample.height() + margin);
            g.setStroke(accent);
            g.setLineWidth(1.5);
            g.setLineDashes(5, 4);
            g.strokeRect(ox + l * px + 0.75, oy + t * px + 0.75, (r - l) * px - 1.5, (b - t) * px - 1.5);
            g.setLineDashes((double[]) null);
        }
        if (field.dependsOnImage()) {
            double x = ox + field.pixelLeft() * px;
            double y = oy + field.pixelTop() * px;
            double w = (field.pixelRight() - field.pixelLeft() + 1) * px;
            double h = (field.pixelBottom() - field.pixelTop() + 1) * px;
            g.setStroke(background());
            g.setLineWidth(5);
            g.strokeRect(x, y, w, h);
            g.setStroke(accent);
            g.setLineWidth(2.5);
            g.strokeRect(x, y, w, h);
        }
    }
}
