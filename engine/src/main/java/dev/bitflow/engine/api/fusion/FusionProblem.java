package dev.bitflow.engine.api.fusion;

/**
 * One reason a network cannot be fused exactly: the layer it concerns and why (for example an average
 * pool on a binary conv output, or a float-weight layer between binary layers).
 */
public record FusionProblem(String layer, String reason) {
    @Override
    public String toString() {
        return "layer '" + layer + "': " + reason;
    }
}
