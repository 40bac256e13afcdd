package dev.bitflow.app.service;

import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * Runs {@link BackgroundTask}s: the work on a background thread, the callbacks on the UI thread. The one
 * way the app runs long work; views never start threads themselves. {@link FxTaskExecutor} is the real
 * one; {@link SameThreadTaskExecutor} runs everything inline for ViewModel tests.
 */
public interface TaskExecutor extends AutoCloseable {
    /** Starts the task and returns its handle (already registered as {@link #currentTaskProperty()}). */
    <T> TaskHandle execute(BackgroundTask<T> task);

    /**
     * The most recently started task that is still running, or null: what the status bar shows. When it ends, the
     * newest task still running takes its place.
     */
    ReadOnlyObjectProperty<TaskHandle> currentTaskProperty();

    /**
     * Runs small actions on the UI thread ({@code Platform.runLater} in the window, inline in tests): for
     * engine listeners that report on a worker thread.
     */
    java.util.concurrent.Executor uiThread();

    /** Cancels running tasks and stops the worker threads. */
    @Override
    void close();
}
