package dev.bitflow.engine.api.export;

/** What an exporter needs. */
public enum ExportInput {
    /** A network definition (a trained or fused model also has one). */
    DEFINITION("a definition (*.bitflow.json, a sample name, or any model file)"),
    /** A fused network: a fused model (*.bff) or a trained model (*.bfm) that fuses exactly. */
    FUSED("a fused model (*.bff), or a trained model (*.bfm) that fuses exactly"),
    /** A trained model (float parameters), and its fused network when it fuses; or a fused model alone. */
    TRAINED_OR_FUSED("a trained model (*.bfm; float and fused), or a fused model (*.bff; fused only)");

    private final String description;

    ExportInput(String description) {
        this.description = description;
    }

    /** What a user must give, in words. */
    public String description() {
        return description;
    }
}
