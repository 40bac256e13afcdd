package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/** One layer as the network list shows it: spec, palette kind, summary, shapes and its design issues. */
public record LayerRow(int index, LayerSpec spec, LayerKind kind, String summary, Shape input, Shape output,
                       List<DefinitionCheck.Issue> issues) {
    public LayerRow {
        issues = List.copyOf(issues);
    }

    /** "1x28x28 -> 32x28x28", or what is known. */
    public String shapeText() {
        if (input == null && output == null) {
            return "shape unknown";
        }
        return (input == null ? "?" : input.toString()) + " \u2192 " + (output == null ? "?" : output.toString());
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(i -> i.severity() == DefinitionCheck.Severity.ERROR);
    }
}
