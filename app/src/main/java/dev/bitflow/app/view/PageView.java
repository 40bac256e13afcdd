package dev.bitflow.app.view;

import dev.bitflow.app.viewmodel.WorkbenchPage;
import javafx.scene.Parent;

/** One of the six views: its page and its root node. */
public interface PageView {
    WorkbenchPage page();

    Parent root();
}
