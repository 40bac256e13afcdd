package dev.bitflow.app.view;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.view.batchshift.BatchShiftView;
import dev.bitflow.app.view.editor.EditorView;
import dev.bitflow.app.view.inspector.InspectorView;
import dev.bitflow.app.view.sf.SfReportView;
import dev.bitflow.app.view.stepthrough.StepThroughView;
import dev.bitflow.app.view.training.TrainingView;
import java.util.List;
import dev.bitflow.app.view.export.Exports;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;

/** Assembles the window for an {@link AppContext}: views, menus, shortcuts, theme, dialogs. */
public final class Workbench {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final AppContext context;
    private final Scene scene;
    private final WorkbenchActions actions;
    private final Exports exports;
    private final PresentActions present;
    private Dialogs dialogs;

    public Workbench(AppContext context, Stage stage) {
        this.context = context;
        this.actions = new WorkbenchActions(context.main(), context.editor(), this::dialogs, VERSION);
        var darkTheme = context.main().darkThemeProperty();
        TrainingView trainingView = new TrainingView(context.training(), darkTheme, () -> stage);
        ModelBar models = new ModelBar(context.session(), context.main());
        List<PageView> views = List.of(new EditorView(context.editor(), context.graph()), trainingView,
                new SfReportView(context.sfReport(), models, darkTheme), new BatchShiftView(context.batchShift(), models, darkTheme),
                new InspectorView(context.inspector(), context.activations(), models, darkTheme), new StepThroughView(context.stepThrough(), models, darkTheme));
        MenuBar menus = actions.menus(stage);
        MainWindow window = new MainWindow(context.main(), views, menus);
        // Zoom, presenter mode and export reach every view through the window root (before the scene exists, so
        // the first view already finds them).
        var presentation = context.presentation();
        Zoom.install(window.root(), presentation.scaleProperty());
        window.root().styleProperty().bind(presentation.rootStyleProperty());
        presentation.presenterProperty().addListener((o, a, on) -> {
            window.root().getStyleClass().remove(dev.bitflow.assets.Assets.PRESENTER);
            if (on) {
                window.root().getStyleClass().add(dev.bitflow.assets.Assets.PRESENTER);
            }
        });
        this.exports = new Exports(context.exportFiles(), context.tasks(), () -> stage, context.main().statusProperty()::set,
                message -> dialogs().error("Export", message));
        exports.install(window.root());
        this.present = new PresentActions(context.main(), presentation, context.report(), exports, () -> stage);
        present.extend(menus, window.root());
        this.scene = new Scene(window.root(), 1280, 800);
        actions.installSceneShortcuts(scene);
        present.installSceneShortcuts(scene);
        trainingView.installShortcuts(scene);
        Theme.apply(scene, context.main().darkThemeProperty().get());
        context.main().darkThemeProperty().addListener((o, a, dark) -> Theme.apply(scene, dark));
        this.dialogs = new Dialogs(stage);
        context.editor().setErrorSink(message -> dialogs().error("Problem", message));
        context.training().setErrorSink(message -> dialogs().error("Training", message));
        context.sfReport().setErrorSink(message -> dialogs().error("SF report", message));
        context.report().setErrorSink(message -> dialogs().error("Model report", message));
        context.warmUp();
    }

    public Scene scene() {
        return scene;
    }

    public WorkbenchActions actions() {
        return actions;
    }

    /** The window's export service. */
    public Exports exports() {
        return exports;
    }

    /** Export menu, model report, zoom, presenter mode, help. */
    public PresentActions present() {
        return present;
    }

    public Dialogs dialogs() {
        return dialogs;
    }

    public AppContext context() {
        return context;
    }
}
