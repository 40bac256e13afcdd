package dev.bitflow.app.view.pages;

import dev.bitflow.app.view.Icons;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import javafx.scene.Parent;
import javafx.scene.layout.BorderPane;

/**
 * A view whose engine feature is not in this build yet: the header, then a designed empty state that says
 * what the view will show and which engine service it waits for. It never shows made-up data.
 */
public final class WaitingPage implements PageView {
    private final WorkbenchPage page;
    private final BorderPane root = new BorderPane();

    public WaitingPage(WorkbenchPage page, String headline, String whatItShows, String waitsFor) {
        this.page = page;
        root.setId(page.screenshotName().substring(2) + "-view");
        root.setTop(Ui.header(page.title(), page.description()));
        root.setCenter(Ui.emptyState(Icons.of(page), headline, whatItShows + "\n\n" + waitsFor));
    }

    @Override
    public WorkbenchPage page() {
        return page;
    }

    @Override
    public Parent root() {
        return root;
    }

    /** The pages of the views whose engine services have not landed, with their texts. */
    public static WaitingPage training() {
        return new WaitingPage(WorkbenchPage.TRAINING, "Training runs will appear here",
                "Choose a data set (the embedded mini set, full Fashion-MNIST, a binary task such as Shirt vs "
                        + "T-shirt, or a plugin data set), set the hyperparameters, then start, pause or cancel a run. "
                        + "Loss and accuracy for training and validation are charted live with an ETA, next to each "
                        + "binary layer's +1 rate and weight sign-flip rate; runs can be overlaid (SF on vs SF off).",
                "Waits for the engine's training service (engine.api.training), which is not in this build yet.");
    }

    public static WaitingPage sfBatchNorm() {
        return new WaitingPage(WorkbenchPage.SF_BN, "The SF / BatchNorm report will appear here",
                "For every binary layer and channel of a trained model: alpha, gamma, beta, mu, var and the "
                        + "sign threshold with and without alpha; a histogram of the integer pre-activations with the "
                        + "threshold drawn; how often sign outputs agree with and without SF on real images; "
                        + "gamma < 0 and constant channels highlighted, with a short explanation of why BatchNorm "
                        + "cancels the scaling factor.",
                "Waits for a trained model and the engine's SF report (engine.api.fusion), which are not in this build yet.");
    }

    public static WaitingPage batchShift() {
        return new WaitingPage(WorkbenchPage.BATCHSHIFT, "BatchShift fusion will run here",
                "One action folds SF + BatchNorm + sign of every binary layer into a single integer addition. "
                        + "A per-layer table lists the shifts (range, bit width, flipped and constant channels); "
                        + "another action verifies the fused bit-level network against the float path on a data set, "
                        + "with a per-layer, per-channel mismatch heat map and the prediction agreement. "
                        + "The fused model can then be saved.",
                "Waits for the engine's fusion service (engine.api.fusion), which is not in this build yet.");
    }

    public static WaitingPage stepThrough() {
        return new WaitingPage(WorkbenchPage.STEP_THROUGH, "Step through one output bit",
                "Pick a layer, a channel and an output position of a fused model and a test image: the view "
                        + "shows the receptive field's input bits, the weight bits, their XNOR, the popcount, the "
                        + "BatchShift addition and the sign, step by step, with the float path's values beside them.",
                "Waits for fused bit-level inference (engine.api.fusion), which is not in this build yet.");
    }

    public static WaitingPage inspector() {
        return new WaitingPage(WorkbenchPage.INSPECTOR, "The bit-flow ledger will appear here",
                "Per layer: shapes, weight and activation precision, parameter and weight bits, activation bits, "
                        + "float and binary MACs, before and after fusion, drawn as a bit-flow diagram with lanes "
                        + "coloured by precision and widths by bits, with totals and the compression ratio.",
                "Waits for the engine's ledger service (engine.api.ledger), which is not in this build yet.");
    }
}
