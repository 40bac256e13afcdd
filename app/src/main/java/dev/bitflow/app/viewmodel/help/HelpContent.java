package dev.bitflow.app.viewmodel.help;

import dev.bitflow.app.viewmodel.WorkbenchPage;
import java.util.List;
import java.util.Optional;

/**
 * The workbench's help as data: a short guide to each view, pages on export, the model report and presenting,
 * the shortcut sheet, a glossary, and the paper. The help window shows it; F1 opens the current view's guide.
 */
public final class HelpContent {
    /** One help page. */
    public record Topic(String id, String title, List<String> paragraphs) {
        public Topic {
            paragraphs = List.copyOf(paragraphs);
        }
    }

    /** One glossary entry. */
    public record Term(String term, String meaning) {
    }

    /** One line of the shortcut sheet. */
    public record Shortcut(String keys, String action) {
    }

    /** The paper the workbench implements. */
    public static final String PAPER = "L. Wu et al., \u201cBitFlow-Net: Toward Fully Binarized Convolutional Neural "
            + "Networks,\u201d IEEE Access, vol. 7, pp. 154617\u2013154626, 2019. doi:10.1109/ACCESS.2019.2945488";

    public static final String SHORTCUTS = "shortcuts";
    public static final String GLOSSARY = "glossary";
    public static final String ABOUT_PAPER = "paper";

    private HelpContent() {
    }

    /** The help page id of a view. */
    public static String topicOf(WorkbenchPage page) {
        return "view-" + page.screenshotName().substring(2);
    }

    /** Every page, in the order the help window lists them: the seven views, then the general pages. */
    public static List<Topic> topics() {
        return List.of(
                new Topic(topicOf(WorkbenchPage.EDITOR), "Architecture", List.of(
                        "Build a network layer by layer. Click a layer in the palette to add it after the selected "
                                + "one, or drag it where you want it. Drag rows to reorder them (or Alt+Up / Alt+Down); "
                                + "Delete removes the selected layer.",
                        "Every edit runs the engine's shape inference and design checks: each row shows its input "
                                + "and output shape, a precision badge (1 bit or fp32) and its issues. The property sheet "
                                + "on the right edits the selected layer; a bad value is outlined and explained, not applied.",
                        "The graph beside the list draws the network as nodes (blue: binary weights, orange: float "
                                + "weights, grey: no weights) with the shape on every edge; 'Fused' outlines the "
                                + "blocks BatchShift fuses. Click a node to select its layer.",
                        "A typical BCNN: a float first convolution, then blocks of Conv 2D (binary) \u2192 BatchNorm "
                                + "\u2192 Sign, and a float last dense layer with softmax.")),
                new Topic(topicOf(WorkbenchPage.TRAINING), "Training", List.of(
                        "Choose the data (the embedded mini set, the full Fashion-MNIST, or a folder of your own: IDX "
                                + "files, one image folder per class, CIFAR-10 or 11K Hands), epochs, batch size, learning "
                                + "rate, seed and whether binary layers use the scaling factor (SF), then Start "
                                + "(Ctrl+Enter). Pause waits between two steps; Cancel (Esc) stops the run. The Data tab "
                                + "shows a few images of every class and the class counts before you train.",
                        "Every run is kept in the runs workspace with its definition, settings, curves, accuracy and "
                                + "model, and is still there after a restart. The runs table lists them; select runs to "
                                + "overlay their curves, double-click a name to rename it, Analyse model opens a run's "
                                + "model in the analysis views, and the Compare tab sets the selected runs side by side.",
                        "The loss and accuracy charts show training batches as solid lines (Smoothing evens them "
                                + "out) and validation per epoch as dashed lines, one colour per run. Right-click a "
                                + "chart to save it as PNG or SVG, and a table to copy or save it.")),
                new Topic(topicOf(WorkbenchPage.SF_BN), "SF & BatchNorm", List.of(
                        "Analyse runs the SF cancellation report on real test images: for every binary layer and "
                                + "channel the scaling factor \u03b1, BatchNorm's \u03b3, \u03b2, \u03bc and var, and the sign "
                                + "threshold with and without \u03b1.",
                        "Click a channel to see the histogram of its integer pre-activations s with the integer "
                                + "threshold t and BatchNorm's \u03c4. Amber rows flip (\u03b3 < 0), red rows are constant "
                                + "(\u03b3 = 0).",
                        "The variants table shows the end-to-end accuracy with \u03b1 removed: rescaled exactly (only "
                                + "rounding ties may differ) and re-estimated on training data.")),
                new Topic(topicOf(WorkbenchPage.BATCHSHIFT), "BatchShift", List.of(
                        "Fuse folds each binary layer's SF, BatchNorm and sign into one integer B per channel: the "
                                + "output bit is +1 exactly when s + B \u2265 0. The table lists every fused layer with "
                                + "its range of B and the bits B needs.",
                        "Verify runs the float network and the fused bit-level network on test images and compares "
                                + "every activation bit. The heat map has one cell per channel: green equal, violet only "
                                + "float32 rounding ties, red real mismatches.",
                        "Save .bff writes the fused model: packed weight bits, int16 shifts, flags and checksums.")),
                new Topic(topicOf(WorkbenchPage.INSPECTOR), "Bit-flow", List.of(
                        "The ledger counts memory and operations per layer of the definition in the editor, as "
                                + "defined or after fusion. The lanes draw the activation bits each layer hands on (log "
                                + "scale; blue binary, orange float) and, below, the bits each layer stores.",
                        "The Activations tab shows, for a test image, every binary layer's output bits as black and "
                                + "white tiles, and each channel's +1 rate over 500 test images; dead channels are "
                                + "crossed in red.")),
                new Topic(topicOf(WorkbenchPage.STEP_THROUGH), "Step-through", List.of(
                        "Choose a binary layer, an output channel, a position and a test image: the view takes that "
                                + "one output bit apart in seven steps (input bits, weight bits, XNOR, popcount and K_eff, "
                                + "the dot product, s + B, the output bit), with the float network's values beside them.",
                        "Left and Right arrows move through the steps; right-click the step card to save it as a "
                                + "picture for slides.")),
                new Topic(topicOf(WorkbenchPage.ACCURACY), "Accuracy", List.of(
                        "Evaluate runs the analysed model on every image of the chosen test set (the embedded mini "
                                + "set, or the full set when it is installed) and shows its accuracy and loss.",
                        "The table gives each class's accuracy and the class it is most often mistaken for; the "
                                + "confusion matrix has true classes as rows and predictions as columns (the diagonal in "
                                + "blue, mistakes in orange, darker with more). Hover a cell to name it.",
                        "Right-click the table to copy it or save it as CSV, and the matrix to save it as a picture or its "
                                + "counts as a table.")),
                new Topic("models-in-and-out", "Models in and out", List.of(
                        "File > Export model (Ctrl+E) writes the current model as C99 for microcontrollers, as ONNX "
                                + "(float and fused) or as a PyTorch training script, into a folder you choose; the export "
                                + "reports what it wrote and, for C, the flash and RAM a Cortex-M4 build needs.",
                        "File > Import weights (Ctrl+I) reads a numpy .npz file of weights (for example from the "
                                + "PyTorch script) onto the definition in the editor, saves the result as a .bfm file and makes it the analysed model.")),
                new Topic("export", "Export figures and tables", List.of(
                        "Right-click any chart, diagram or heat map to save it as PNG at 1\u00d7, 2\u00d7 or 4\u00d7 "
                                + "(drawn again at that size, not enlarged) and charts also as SVG, which stays sharp in "
                                + "papers and slides. File > Export lists the same for the current view.",
                        "Right-click a table (the ledger, the runs and their comparison, per-class accuracy, shifts, "
                                + "SF channels...) to copy it as TSV (pastes into spreadsheets) or Markdown, or to save "
                                + "it as CSV (RFC 4180). Exports get their extension added and never replace a file the "
                                + "workbench reads.")),
                new Topic("report", "Model report", List.of(
                        "File > Model report writes one HTML page about the current model into a folder you choose: "
                                + "the ledger before and after fusion, accuracy and confusion matrix, the SF cancellation "
                                + "summary, the shift table, the verification verdict and the model's provenance, with "
                                + "figures. The page needs nothing else to open and prints cleanly.",
                        "The GUI measures on the embedded mini set; './bitflow report MODEL.bfm --out DIR --data DIR' "
                                + "writes the same page from the command line on any data.")),
                new Topic("presenting", "Zoom and presenter mode", List.of(
                        "Ctrl+plus and Ctrl+minus zoom the whole window from 80% to 200% (text, tiles, heat maps and "
                                + "charts); Ctrl+0 returns to 100%.",
                        "Presenter mode (F5) enlarges everything by another half for a lecture hall; F5 again leaves it.")),
                new Topic(SHORTCUTS, "Keyboard shortcuts", List.of("Every key the workbench answers to.")),
                new Topic(GLOSSARY, "Glossary", List.of("The words the views use, in short.")),
                new Topic(ABOUT_PAPER, "The paper", List.of(
                        "The workbench implements the BatchShift fusion of BitFlow-Net: scaling factor, BatchNorm and "
                                + "sign of a binary layer folded into one integer addition per channel, so the middle of "
                                + "the network runs on XNOR, popcount and integer additions only.",
                        PAPER)));
    }

    /** The page with {@code id}. */
    public static Optional<Topic> topic(String id) {
        return topics().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The shortcut sheet. */
    public static List<Shortcut> shortcuts() {
        return List.of(
                new Shortcut("Ctrl+N", "New definition"),
                new Shortcut("Ctrl+O", "Open a definition"),
                new Shortcut("Ctrl+S", "Save"),
                new Shortcut("Ctrl+Shift+S", "Save as"),
                new Shortcut("Ctrl+E", "Export the model (C99, ONNX, PyTorch)"),
                new Shortcut("Ctrl+I", "Import weights from a .npz file"),
                new Shortcut("Ctrl+Q", "Quit (asks about unsaved changes)"),
                new Shortcut("Ctrl+Z", "Undo"),
                new Shortcut("Ctrl+Y", "Redo"),
                new Shortcut("Delete", "Remove the selected layer"),
                new Shortcut("Alt+Up / Alt+Down", "Move the selected layer"),
                new Shortcut("Ctrl+1 \u2026 Ctrl+7", "The seven views"),
                new Shortcut("Ctrl+Shift+D", "Light or dark theme"),
                new Shortcut("Ctrl+Plus", "Zoom in"),
                new Shortcut("Ctrl+Minus", "Zoom out"),
                new Shortcut("Ctrl+0", "Zoom 100%"),
                new Shortcut("F5", "Presenter mode on or off"),
                new Shortcut("Ctrl+Enter", "Start training"),
                new Shortcut("Esc", "Cancel the running task; in the help window: close it"),
                new Shortcut("Left / Right", "Previous / next step (step-through)"),
                new Shortcut("F1", "Help for the current view"));
    }

    /** The glossary, alphabetical. */
    public static List<Term> glossary() {
        return List.of(
                new Term("\u03b1 (alpha)", "The scaling factor of a binary layer: the mean |W| of a filter's latent weights."),
                new Term("Activation bits", "The bits of the feature map a layer hands on: 1 per value when binary, 32 when float."),
                new Term("BatchNorm (BN)", "Normalises each channel: z = \u03b3 (y \u2212 \u03bc) / \u221a(var + \u03b5) + \u03b2, with \u03bc and var measured in training."),
                new Term("BatchShift (B)", "One integer per channel that replaces SF, BatchNorm and sign after fusion: the output bit is +1 exactly when s + B \u2265 0."),
                new Term("Binary MAC", "A multiply-accumulate of two \u00b11 values, done as XNOR and popcount on packed bits."),
                new Term("Compression", "fp32 size divided by the fused size."),
                new Term("Constant channel", "A channel with \u03b3 = 0 (or \u03b1 = 0): its output is the same for every input."),
                new Term("Dead channel", "A channel whose output bit is the same at every position of every test image counted: it carries no information."),
                new Term("Dot product s", "The integer sum of \u00b11 products of a binary layer: s = 2\u00b7popcount \u2212 K_eff."),
                new Term("Flipped channel", "A channel with \u03b3 < 0: its weights are negated after fusion so the test stays s + B \u2265 0."),
                new Term("Fused block", "The layers fusion turns into one step: a conv or dense layer with its pools, BatchNorm and sign."),
                new Term("K", "The dot-product length: kernel \u00d7 kernel \u00d7 input channels, or the inputs of a dense layer."),
                new Term("K_eff", "The taps that count at one position: K minus the zero-padded taps at the border."),
                new Term("Ledger", "The per-layer account of parameters, stored bits, activation bits and operations."),
                new Term("Popcount", "The number of 1 bits in a word; of XNOR(a, w) it counts the agreeing signs."),
                new Term("Receptive field", "The part of the input image one output position depends on."),
                new Term("SF (scaling factor)", "XNOR-Net's factor \u03b1 that scales a binary layer's output; BatchNorm cancels it at inference."),
                new Term("Sign", "The activation of a BCNN: +1 when the input is \u2265 0, \u22121 otherwise."),
                new Term("STE", "Straight-through estimator: trains through sign() by passing the gradient where |x| \u2264 1."),
                new Term("Threshold t / \u03c4", "\u03c4 is BatchNorm's threshold on s as a real number; t is the integer one BatchShift keeps."),
                new Term("Tie", "A float32 pre-sign value so close to 0 that rounding decides its sign; the float and the fused network may disagree there without error."),
                new Term("XNOR", "Bitwise 'equal': 1 where the input bit and the weight bit agree, which is the product +1."));
    }
}
