package dev.bitflow.app.viewmodel;

/** The views of the workbench, in navigation order, with the text the navigation and headers show. */
public enum WorkbenchPage {
    EDITOR("Architecture", "Build a BCNN layer by layer; shapes and design checks update as you edit."),
    TRAINING("Training", "Train on Fashion-MNIST or your own data, with live loss and accuracy."),
    SF_BN("SF & BatchNorm", "See how BatchNorm cancels the scaling factor, channel by channel."),
    BATCHSHIFT("BatchShift", "Fold SF, BatchNorm and sign into one integer addition, then verify it."),
    INSPECTOR("Bit-flow", "Memory, operations and bits per layer, before and after fusion."),
    STEP_THROUGH("Step-through", "Follow one output bit: XNOR, popcount, BatchShift and sign, step by step."),
    ACCURACY("Accuracy", "Test accuracy per class and the confusion matrix of the analysed model.");

    private final String title;
    private final String description;

    WorkbenchPage(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The file-name stem of this page's screenshot, for example {@code 1-editor}. */
    public String screenshotName() {
        return (ordinal() + 1) + "-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
