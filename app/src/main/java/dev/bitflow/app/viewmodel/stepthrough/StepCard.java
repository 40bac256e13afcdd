package dev.bitflow.app.viewmodel.stepthrough;

/**
 * One step of the step-through as the view shows it.
 *
 * @param step        which step
 * @param title       a short title ("XNOR")
 * @param formula     the step's arithmetic with this bit's numbers ("s = 2 \u00b7 163 \u2212 288 = 38")
 * @param explanation what happens and why, in a few sentences a student can follow
 * @param floatSide   the float network's value at this step (empty when the step has no float twin)
 */
public record StepCard(Step step, String title, String formula, String explanation, String floatSide) {
    /** The steps, in order. */
    public enum Step {
        /** The receptive field's input bits. */
        INPUT,
        /** The channel's weight bits (after the flip for gamma &lt; 0). */
        WEIGHTS,
        /** XNOR of input and weight bits. */
        XNOR,
        /** popcount and K_eff. */
        POPCOUNT,
        /** s = 2 popcount - K_eff. */
        DOT_PRODUCT,
        /** s + B. */
        BATCH_SHIFT,
        /** The output bit, beside the float path's sign. */
        OUTPUT
    }
}
