package dev.bitflow.app.view;

import dev.bitflow.assets.Assets;
import javafx.beans.property.IntegerProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small building blocks every view uses: headers, empty states, icon buttons with tooltips. */
public final class Ui {
    private Ui() {
    }

    /** A view header: title and subtitle on the left, {@code actions} on the right. */
    public static HBox header(String title, String subtitle, Node... actions) {
        Label t = new Label(title);
        t.getStyleClass().add(Assets.VIEW_TITLE);
        Label s = new Label(subtitle);
        s.getStyleClass().add(Assets.VIEW_SUBTITLE);
        s.setWrapText(true);
        VBox text = new VBox(2, t, s);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox box = new HBox(12, text);
        box.getChildren().addAll(actions);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add(Assets.VIEW_HEADER);
        return box;
    }

    /** A designed empty state: what will be here and what it waits for. */
    public static VBox emptyState(Ikon ikon, String title, String text) {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add(Assets.EMPTY_STATE_ICON);
        Label t = new Label(title);
        t.getStyleClass().add(Assets.EMPTY_STATE_TITLE);
        t.setWrapText(true);
        Label x = new Label(text);
        x.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        x.setWrapText(true);
        VBox box = new VBox(icon, t, x);
        box.getStyleClass().add(Assets.EMPTY_STATE);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    public static Button iconButton(Ikon ikon, String tooltip, Runnable action) {
        Button b = new Button(null, new FontIcon(ikon));
        b.getStyleClass().addAll("button-icon", "flat");
        b.setTooltip(tooltip(tooltip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    public static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(400));
        t.setWrapText(true);
        t.setMaxWidth(420);
        return t;
    }

    public static Label panelTitle(String text) {
        Label l = new Label(text.toUpperCase(java.util.Locale.ROOT));
        l.getStyleClass().add(Assets.PANEL_TITLE);
        return l;
    }

    /** An editable spinner from {@code min} to {@code max}, bound both ways to {@code value}. */
    public static Spinner<Integer> intSpinner(int min, int max, IntegerProperty value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get());
        Spinner<Integer> s = new Spinner<>(f);
        s.setEditable(true);
        s.setMaxWidth(Double.MAX_VALUE);
        f.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != value.get()) {
                value.set(b);
            }
        });
        value.addListener((o, a, b) -> {
            if (f.getValue() == null || f.getValue() != b.intValue()) {
                f.setValue(b.intValue());
            }
        });
        return s;
    }

    /** A table column showing {@code text} of each row, {@code width} wide, not sortable. */
    public static <T> javafx.scene.control.TableColumn<T, String> textColumn(String title,
                                                                             java.util.function.Function<T, String> text,
                                                                             double width) {
        javafx.scene.control.TableColumn<T, String> c = new javafx.scene.control.TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(text.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    public static Region hgrow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /**
     * Clears {@code canvas} and draws {@code image} on it, scaled to fit with square pixels (no smoothing): in
     * colour for three channels, in grey levels otherwise (the mean of its channels); nothing for null.
     */
    public static void drawImage(javafx.scene.canvas.Canvas canvas, dev.bitflow.engine.api.data.ImageSample image) {
        javafx.scene.canvas.GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (image == null) {
            return;
        }
        double px = Math.min(canvas.getWidth() / image.width(), canvas.getHeight() / image.height());
        g.setImageSmoothing(false);
        g.drawImage(image(image), 0, 0, image.width() * px, image.height() * px);
    }

    /** {@code sample} as a JavaFX image of its own size: RGB for three channels, grey levels otherwise. */
    public static javafx.scene.image.WritableImage image(dev.bitflow.engine.api.data.ImageSample sample) {
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(sample.width(), sample.height());
        javafx.scene.image.PixelWriter w = img.getPixelWriter();
        boolean rgb = sample.channels() == 3;
        for (int y = 0; y < sample.height(); y++) {
            for (int x = 0; x < sample.width(); x++) {
                int argb;
                if (rgb) {
                    argb = 0xFF000000 | sample.pixel(0, y, x) << 16 | sample.pixel(1, y, x) << 8 | sample.pixel(2, y, x);
                } else {
                    int sum = 0;
                    for (int c = 0; c < sample.channels(); c++) {
                        sum += sample.pixel(c, y, x);
                    }
                    int v = sum / sample.channels();
                    argb = 0xFF000000 | v << 16 | v << 8 | v;
                }
                w.setArgb(x, y, argb);
            }
        }
        return img;
    }
}
