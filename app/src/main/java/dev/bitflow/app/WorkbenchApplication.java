package dev.bitflow.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The workbench window. */
public final class WorkbenchApplication extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("BitFlow Workbench");
        stage.setScene(new Scene(new StackPane(new Label("BitFlow Workbench")), 1280, 800));
        stage.show();
    }
}
