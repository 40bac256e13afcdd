package dev.bitflow.app.service;

import dev.bitflow.engine.api.definition.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The engine's verdict on a definition as the editor shows it: per layer its input and output shape (null
 * where inference stopped at an error) and the design issues, each naming its layer (null for the whole
 * network).
 */
public record DefinitionCheck(List<LayerShapes> layers, List<Issue> issues) {
    public enum Severity { ERROR, WARNING, INFO }

    public record LayerShapes(String layer, Shape input, Shape output) {
    }

    public record Issue(Severity severity, String layer, String field, String message) {
    }

    public static final DefinitionCheck EMPTY = new DefinitionCheck(List.of(), List.of());

    public DefinitionCheck {
        layers = List.copyOf(layers);
        issues = List.copyOf(issues);
    }

    public Optional<LayerShapes> shapesOf(String layer) {
        return layers.stream().filter(l -> l.layer().equals(layer)).findFirst();
    }

    public List<Issue> issuesOf(String layer) {
        return issues.stream().filter(i -> layer.equals(i.layer())).toList();
    }

    public List<Issue> networkIssues() {
        return issues.stream().filter(i -> i.layer() == null).toList();
    }

    public long count(Severity severity) {
        return issues.stream().filter(i -> i.severity() == severity).count();
    }
}
