package dev.bitflow.engine.api.definition;

import java.util.List;

/** Shapes of every layer (in order) and the design issues of a definition. */
public record DesignReport(List<LayerShape> shapes, List<DesignIssue> issues) {
    public DesignReport {
        shapes = List.copyOf(shapes);
        issues = List.copyOf(issues);
    }

    /** Whether any issue has severity {@link Severity#ERROR}. */
    public boolean hasErrors() {
        return issues.stream().anyMatch(i -> i.severity() == Severity.ERROR);
    }

    /** The issues with this code. */
    public List<DesignIssue> issues(String code) {
        return issues.stream().filter(i -> i.code().equals(code)).toList();
    }

    /** The issues concerning layer {@code layer}, in report order. */
    public List<DesignIssue> issuesFor(String layer) {
        return issues.stream().filter(i -> layer.equals(i.layer())).toList();
    }

    /** The output shape of the last layer, or {@code null} if unknown. */
    public Shape outputShape() {
        return shapes.isEmpty() ? null : shapes.get(shapes.size() - 1).output();
    }
}
