package dev.bitflow.app.view;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.view.accuracy.AccuracyView;
import dev.bitflow.app.view.batchshift.BatchShiftView;
import dev.bitflow.app.view.editor.EditorView;
import dev.bitflow.app.view.inspector.InspectorView;
import dev.bitflow.app.view.sf.SfReportView;
import dev.bitflow.app.view.stepthrough.StepThroughView;
import dev.bitflow.app.view.training.TrainingView;
import dev.bitflow.engine.api.BuildInfo;
import java.util.List;
import dev.bitflow.app.view.export.Exports;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;

/** Assembles the window for an {@link AppContext}: views, menus, shortcuts, theme, dialogs. */
public final class Workbench {
    private final AppContext context;
    private final Scene scene;
    private final WorkbenchActions actions;
    private final Exports exports;
    private final PresentActions present;
    private Dialogs dialogs;
    private boolean askBeforeClosing = true;

    public Workbench(AppContext context, Stage stage) {
        this.context = context;
        this.actions = new WorkbenchActions(context.main(), context.editor(), this::dialogs, BuildInfo.version(),
                context.transfer());
        var darkTheme = context.main().darkThemeProperty();
        TrainingView trainingView = new TrainingView(context.training(), darkTheme, () -> stage, run -> {
            context.session().openRun(run);
            context.main().pageProperty().set(dev.bitflow.app.viewmodel.WorkbenchPage.BATCHSHIFT);
        });
        ModelBar models = new ModelBar(context.session(), context.main());
        List<PageView> views = List.of(new EditorView(context.editor(), context.graph()), trainingView,
                new SfReportView(context.sfReport(), models, darkTheme), new BatchShiftView(context.batchShift(), models, darkTheme),
                new InspectorView(context.inspector(), context.activations(), models, darkTheme), new StepThroughView(context.stepThrough(), models, darkTheme),
                new AccuracyView(context.accuracy(), models, darkTheme));
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
        context.session().setErrorSink(message -> dialogs().error("Model", message));
        context.runs().setErrorSink(message -> dialogs().error("Runs", message));
        context.session().setConfirmDiscard(warning -> dialogs().confirmDiscardResult(warning));
        stage.setOnCloseRequest(e -> {
            if (askBeforeClosing && !mayClose()) {
                e.consume();
            }
        });
        context.report().setErrorSink(message -> dialogs().error("Model report", message));
        context.warmUp();
    }

    /**
     * Asked when the window is about to close (Quit, the window's close button): unsaved definition changes
     * (save / don't save / cancel), then anything else that would be lost: a run still training, a trained model
     * or a fusion only in memory.
     */
    public boolean mayClose() {
        if (!actions.confirmLoseChanges()) {
            return false;
        }
        var losses = context.unsavedWork();
        return losses.isEmpty() || dialogs().confirmClose(losses);
    }

    /** Screenshot runs close without asking. */
    public void setAskBeforeClosing(boolean ask) {
        this.askBeforeClosing = ask;
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
