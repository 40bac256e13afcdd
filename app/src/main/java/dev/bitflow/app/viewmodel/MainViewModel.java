package dev.bitflow.app.viewmodel;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The window's state: which page is shown, the theme, the status line and the running task.
 *
 * <p>The status line holds the last thing that happened. A long action the user started (a task marked
 * {@link dev.bitflow.app.service.BackgroundTask#inStatusLine()}) replaces it at its start with its title ("Training
 * fashion-bcnn\u2026"), shows its progress beside it (the task box) and, when it ends, its result: the action posts
 * its own outcome ("Run #2 finished ..."); one that posts nothing gets "done", "cancelled" or "failed".</p>
 */
public final class MainViewModel {
    private final ObjectProperty<WorkbenchPage> page = new SimpleObjectProperty<>(WorkbenchPage.EDITOR);
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final TaskExecutor tasks;
    private final StringProperty trainingActivity = new SimpleStringProperty("");
    /** Actions whose start the status line said already (a task becomes current again when a later one ends). */
    private final java.util.Set<TaskHandle> announced = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    public MainViewModel(AppPreferences preferences, TaskExecutor tasks) {
        this.tasks = tasks;
        darkTheme.set(preferences.darkTheme());
        darkTheme.addListener((obs, was, dark) -> preferences.setDarkTheme(dark));
        tasks.currentTaskProperty().addListener((o, was, task) -> {
            if (task != null && task.inStatusLine() && task.runningProperty().get() && !announced.contains(task)) {
                announce(task);
            }
        });
    }

    private void announce(TaskHandle task) {
        announced.add(task);
        String start = task.title() + "\u2026";
        status.set(start);
        task.runningProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    return;
                }
                o.removeListener(this);
                announced.remove(task);
                if (start.equals(status.get())) { // nothing else was said since: say how it ended
                    status.set(task.title() + switch (task.outcome()) {
                        case CANCELLED -> ": cancelled";
                        case FAILED -> ": failed";
                        default -> ": done";
                    });
                }
            }
        });
    }

    public ObjectProperty<WorkbenchPage> pageProperty() {
        return page;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
    }

    /** The last thing that happened, for the status bar. */
    public StringProperty statusProperty() {
        return status;
    }

    /**
     * What the Training entry of the navigation shows while a run trains, on every page: "37%", "paused", or ""
     * when nothing trains.
     */
    public StringProperty trainingActivityProperty() {
        return trainingActivity;
    }

    /** The page before or after the current one (the navigation's arrow keys); stays at the ends. */
    public void step(int delta) {
        WorkbenchPage[] all = WorkbenchPage.values();
        int next = Math.max(0, Math.min(all.length - 1, page.get().ordinal() + delta));
        page.set(all[next]);
    }

    public ReadOnlyObjectProperty<TaskHandle> currentTaskProperty() {
        return tasks.currentTaskProperty();
    }

    public void cancelCurrentTask() {
        TaskHandle t = tasks.currentTaskProperty().get();
        if (t != null && !t.isCancelled()) {
            t.cancel();
            status.set("Cancelling " + t.title() + "...");
            t.runningProperty().addListener((o, was, now) -> {
                if (!now) {
                    status.set("Cancelled: " + t.title());
                }
            });
        }
    }
}
