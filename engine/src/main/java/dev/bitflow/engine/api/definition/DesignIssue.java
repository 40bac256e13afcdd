package dev.bitflow.engine.api.definition;

/**
 * One finding of the design checks.
 *
 * @param severity how serious it is
 * @param code     a stable identifier, for example {@code KERNEL_TOO_LARGE} (listed in
 *                 {@code docs/definition-format.md})
 * @param layer    the layer it concerns, or {@code null} for the whole network
 * @param field    the layer's field it concerns (for example {@code kernel}), or {@code null}
 * @param message  a sentence for the user naming the layer and what to change
 */
public record DesignIssue(Severity severity, String code, String layer, String field, String message) {
    @Override
    public String toString() {
        return severity + " " + code + (layer == null ? "" : " [" + layer + (field == null ? "" : "." + field) + "]")
                + ": " + message;
    }
}
