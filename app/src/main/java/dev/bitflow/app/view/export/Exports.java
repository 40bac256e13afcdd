package dev.bitflow.app.view.export;

import dev.bitflow.app.export.ChartImages;
import dev.bitflow.app.export.ExportFiles;
import dev.bitflow.app.export.ExportFormat;
import dev.bitflow.app.export.TableData;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.fx.ChartViewer;

/**
 * The window's one export service: every chart, diagram and table a view marks with {@link #figure} or
 * {@link #table} gets a context menu (PNG at 1x, 2x or 4x, SVG for charts; copy as TSV or Markdown, save as CSV;
 * a diagram of numbers, such as the confusion matrix, offers both),
 * and {@link #fillMenu} lists the same for the current view under File &gt; Export. Pictures and table text are
 * taken on the JavaFX thread; files are written on a worker through {@link ExportFiles} (extension added, inputs
 * never replaced, atomic).
 *
 * <p>Views only mark their nodes (a property on the node); the marked node finds this service through the scene
 * root's properties ({@link #KEY}), so no view needs a reference to it.
 */
public final class Exports {
    /** The scene root property that holds the window's {@link Exports}. */
    public static final String KEY = "bitflow.exports";
    static final String FIGURE = "bitflow.export.figure";
    static final String TABLE = "bitflow.export.table";
    static final String NUMBERS = "bitflow.export.numbers";
    /** The PNG scales the menus offer. */
    static final double[] SCALES = {1, 2, 4};

    /** Chooses the file to write: (suggested file name, format) to a path, or empty when cancelled. */
    public interface Chooser extends BiFunction<String, ExportFormat, Optional<Path>> {
    }

    private final ExportFiles files;
    private final TaskExecutor tasks;
    private final Supplier<Window> owner;
    private final Consumer<String> status;
    private final Consumer<String> error;
    private Chooser chooser;
    private Path folder;

    public Exports(ExportFiles files, TaskExecutor tasks, Supplier<Window> owner, Consumer<String> status,
                   Consumer<String> error) {
        this.files = files;
        this.tasks = tasks;
        this.owner = owner;
        this.status = status;
        this.error = error;
        this.chooser = this::choose;
    }

    /** Makes this the export service of everything under {@code root}. */
    public void install(Parent root) {
        root.getProperties().put(KEY, this);
    }

    /** Replaces the file chooser (tests). */
    public void setChooser(Chooser chooser) {
        this.chooser = chooser;
    }

    // ---- marking nodes (what views call) ---------------------------------------------------------------

    /** Marks a chart as exportable (PNG and SVG) and gives it the export context menu. */
    public static void figure(ChartViewer viewer, String name) {
        figure(viewer, name, () -> ChartImages.of(viewer.getChart()));
    }

    /**
     * Marks a chart as exportable (PNG and SVG), drawn by {@code exported} (the chart with what the view shows
     * beside it, such as a legend), and gives it the export context menu.
     */
    public static void figure(ChartViewer viewer, String name, Supplier<ChartImages.Drawing> exported) {
        Figure f = Figure.of(name, viewer, exported);
        viewer.getProperties().put(FIGURE, f);
        ContextMenu menu = viewer.getContextMenu(); // JFreeChart's own menu, whose export writes files directly
        menu.getItems().setAll(unavailable());
        whenInScene(viewer, x -> menu.getItems().setAll(x.items(f)));
    }

    /** Marks a drawn view (canvas pane, or any node) as exportable as PNG and gives it the context menu. */
    public static void figure(Node node, String name) {
        figure(node, name, () -> null);
    }

    /**
     * Marks a drawn view as exportable as PNG and its numbers, {@code numbers} (null while it shows none), as a
     * table: the context menu has the PNG entries, then copy as TSV or Markdown and save as CSV.
     */
    public static void figure(Node node, String name, Supplier<TableData> numbers) {
        Figure f = Figure.of(name, node);
        node.getProperties().put(FIGURE, f);
        node.getProperties().put(NUMBERS, numbers);
        node.setOnContextMenuRequested(e -> {
            ContextMenu menu = new ContextMenu();
            menu.getItems().setAll(service(node).map(x -> x.items(f, numbers)).orElse(List.of(unavailable())));
            menu.show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    /** Marks a table as exportable (copy as TSV or Markdown, save as CSV) and gives it the context menu. */
    public static void table(TableView<?> table, String name) {
        table(table, name, List.of());
    }

    /**
     * Marks a table as exportable and gives it a context menu that starts with the table's own {@code actions}
     * (for example rename or delete of the selected rows), then a separator and the export entries.
     */
    public static void table(TableView<?> table, String name, List<MenuItem> actions) {
        table.getProperties().put(TABLE, name);
        List<MenuItem> leading = new ArrayList<>(actions);
        if (!leading.isEmpty()) {
            leading.add(new SeparatorMenuItem());
        }
        ContextMenu menu = new ContextMenu();
        menu.getItems().setAll(leading);
        menu.getItems().add(unavailable());
        whenInScene(table, x -> {
            menu.getItems().setAll(leading);
            menu.getItems().addAll(x.items(table, name));
        });
        table.setContextMenu(menu);
    }

    /** Runs {@code action} with the service once {@code node} is in a scene that has one (now, or when it joins). */
    private static void whenInScene(Node node, Consumer<Exports> action) {
        service(node).ifPresentOrElse(action, () -> node.sceneProperty().addListener(
                new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                        javafx.scene.Scene old, javafx.scene.Scene scene) {
                        Optional<Exports> x = service(node);
                        if (x.isPresent()) {
                            node.sceneProperty().removeListener(this);
                            action.accept(x.get());
                        }
                    }
                }));
    }

    private static Optional<Exports> service(Node node) {
        return node.getScene() != null && node.getScene().getRoot().getProperties().get(KEY) instanceof Exports x
                ? Optional.of(x) : Optional.empty();
    }

    private static MenuItem unavailable() {
        MenuItem i = new MenuItem("Export is not available here");
        i.setDisable(true);
        return i;
    }

    // ---- menus -------------------------------------------------------------------------------------------

    /** PNG at each scale, and SVG when the figure has it. */
    public List<MenuItem> items(Figure f) {
        List<MenuItem> items = new ArrayList<>();
        for (double s : SCALES) {
            MenuItem png = new MenuItem(String.format(Locale.ROOT, "Save as PNG (%s\u00d7)\u2026", scaleText(s)));
            png.setOnAction(e -> savePng(f, s));
            items.add(png);
        }
        if (f.hasSvg()) {
            MenuItem svg = new MenuItem("Save as SVG\u2026");
            svg.setOnAction(e -> saveSvg(f));
            items.add(svg);
        }
        return items;
    }

    /** The figure's entries, then, when {@code numbers} gives a table now, the table's entries. */
    List<MenuItem> items(Figure f, Supplier<?> numbers) {
        List<MenuItem> items = new ArrayList<>(items(f));
        if (numbers != null && numbers.get() instanceof TableData) {
            items.add(new SeparatorMenuItem());
            items.addAll(items(() -> (TableData) numbers.get()));
        }
        return items;
    }

    /** Copy as TSV, copy as Markdown, save as CSV. */
    public List<MenuItem> items(TableView<?> table, String name) {
        return items(() -> data(table, name));
    }

    /** Copy as TSV, copy as Markdown, save as CSV of the table {@code data} gives when chosen. */
    private List<MenuItem> items(Supplier<TableData> data) {
        MenuItem tsv = new MenuItem("Copy as TSV (spreadsheets)");
        tsv.setOnAction(e -> copy(data.get(), false));
        MenuItem md = new MenuItem("Copy as Markdown");
        md.setOnAction(e -> copy(data.get(), true));
        MenuItem csv = new MenuItem("Save as CSV\u2026");
        csv.setOnAction(e -> saveCsv(data.get()));
        return List.of(tsv, md, new SeparatorMenuItem(), csv);
    }

    /**
     * Fills File &gt; Export with one submenu per exportable figure and table on screen under {@code root} (the
     * current view), or a disabled line saying there is none.
     */
    public void fillMenu(Menu menu, Parent root) {
        List<MenuItem> entries = new ArrayList<>();
        for (Node n : showing(root)) {
            if (n.getProperties().get(FIGURE) instanceof Figure f) {
                Menu m = new Menu(f.name());
                m.getItems().setAll(items(f, n.getProperties().get(NUMBERS) instanceof Supplier<?> s ? s : null));
                entries.add(m);
            } else if (n instanceof TableView<?> t && t.getProperties().get(TABLE) instanceof String name) {
                Menu m = new Menu(name);
                m.getItems().setAll(items(t, name));
                entries.add(m);
            }
        }
        if (entries.isEmpty()) {
            MenuItem none = new MenuItem("Nothing to export in this view");
            none.setDisable(true);
            entries.add(none);
        }
        menu.getItems().setAll(entries);
    }

    /** The marked nodes under {@code root} that are on screen (visible with all their parents), in scene order. */
    static List<Node> showing(Parent root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n.getProperties().containsKey(FIGURE) || n.getProperties().containsKey(TABLE)) {
            out.add(n);
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }

    // ---- actions -----------------------------------------------------------------------------------------

    /** The table as the view shows it: visible columns (their titles), every row's cell text. */
    public static TableData data(TableView<?> table, String name) {
        List<String> headers = new ArrayList<>();
        List<? extends TableColumn<?, ?>> columns = table.getVisibleLeafColumns();
        for (TableColumn<?, ?> c : columns) {
            String text = c.getText();
            if ((text == null || text.isEmpty()) && c.getGraphic() instanceof Label l) {
                text = l.getText();
            }
            headers.add(text == null ? "" : text);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < table.getItems().size(); r++) {
            List<String> row = new ArrayList<>(columns.size());
            for (TableColumn<?, ?> c : columns) {
                Object v = c.getCellData(r);
                row.add(v == null ? "" : v.toString());
            }
            rows.add(row);
        }
        return new TableData(name, headers, rows);
    }

    public void copy(TableData data, boolean markdown) {
        ClipboardContent c = new ClipboardContent();
        c.putString(markdown ? data.markdown() : data.tsv());
        Clipboard.getSystemClipboard().setContent(c);
        status.accept(String.format(Locale.ROOT, "Copied %s (%d rows) as %s", data.title(), data.rows().size(),
                markdown ? "Markdown" : "TSV"));
    }

    public void savePng(Figure f, double scale) {
        chooser.apply(fileName(f.name()), ExportFormat.PNG).ifPresent(path -> {
            BufferedImage image = f.png(scale);
            write(f.name(), () -> files.writePng(path, image));
        });
    }

    public void saveSvg(Figure f) {
        chooser.apply(fileName(f.name()), ExportFormat.SVG).ifPresent(path -> {
            String svg = f.svg();
            write(f.name(), () -> files.writeText(path, ExportFormat.SVG, svg));
        });
    }

    public void saveCsv(TableData data) {
        chooser.apply(fileName(data.title()), ExportFormat.CSV).ifPresent(path -> {
            String csv = data.csv();
            write(data.title(), () -> files.writeText(path, ExportFormat.CSV, csv));
        });
    }

    private interface Write {
        Path run() throws Exception;
    }

    private void write(String what, Write write) {
        tasks.execute(BackgroundTask.of("Exporting " + what, m -> write.run())
                .inStatusLine()
                .onSuccess(p -> {
                    folder = p.getParent();
                    status.accept("Exported " + what + " to " + p);
                })
                .onFailure(e -> error.accept("Cannot export " + what + ": " + BackgroundTask.messageOf(e))));
    }

    /** A file name from a figure's or table's name: lower case, words joined by '-'. */
    static String fileName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "export" : s;
    }

    private static String scaleText(double s) {
        return s == Math.rint(s) ? Integer.toString((int) s) : Double.toString(s);
    }

    private Optional<Path> choose(String suggested, ExportFormat format) {
        FileChooser c = new FileChooser();
        c.setTitle("Export as " + format.name());
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.description() + " (*." + format.extension()
                + ")", "*." + format.extension()));
        c.setInitialFileName(format.withExtension(suggested));
        if (folder != null && folder.toFile().isDirectory()) {
            c.setInitialDirectory(folder.toFile());
        }
        return dev.bitflow.app.view.NativeFileDialogs.save(c, owner.get());
    }
}
