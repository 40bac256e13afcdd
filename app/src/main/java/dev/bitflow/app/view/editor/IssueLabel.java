package dev.bitflow.app.view.editor;

import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.app.view.Ui;
import dev.bitflow.assets.Assets;
import javafx.scene.control.Label;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/** A design-check message with a severity icon and colour. */
final class IssueLabel {
    private IssueLabel() {
    }

    static Label of(DefinitionCheck.Issue issue) {
        String text = (issue.field() == null ? "" : issue.field() + ": ") + issue.message();
        FontIcon icon = switch (issue.severity()) {
            case ERROR -> new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE);
            case WARNING -> new FontIcon(MaterialDesignA.ALERT_OUTLINE);
            case INFO -> new FontIcon(MaterialDesignI.INFORMATION_OUTLINE);
        };
        Label l = new Label(text, icon);
        l.setWrapText(true);
        l.setTooltip(Ui.tooltip(issue.severity() + ": " + text));
        l.getStyleClass().add(switch (issue.severity()) {
            case ERROR -> Assets.ISSUE_ERROR;
            case WARNING -> Assets.ISSUE_WARNING;
            case INFO -> Assets.ISSUE_INFO;
        });
        l.getStyleClass().add("bf-issue");
        return l;
    }
}
