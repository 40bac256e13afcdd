package dev.bitflow.app.service;

import dev.bitflow.engine.api.TaskMonitor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One running {@link BackgroundTask} as the UI sees it: progress, message and running state as
 * observable properties (updated on the UI thread only), and {@link #cancel()}. It is also the
 * {@link TaskMonitor} the work reports to: progress from the worker thread is coalesced, so a flood of
 * engine updates becomes at most one pending UI update.
 */
public final class TaskHandle implements TaskMonitor {
    private record Update(double fraction, String message) {
    }

    /** How the work ended. */
    public enum Outcome {
        RUNNING, SUCCEEDED, CANCELLED, FAILED
    }

    private final String title;
    private final Executor uiThread;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Update> pending = new AtomicReference<>();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(true);
    private final boolean inStatusLine;
    private Outcome outcome = Outcome.RUNNING;

    TaskHandle(String title, boolean inStatusLine, Executor uiThread) {
        this.title = title;
        this.inStatusLine = inStatusLine;
        this.uiThread = uiThread;
        this.message.set(title);
    }

    public String title() {
        return title;
    }

    /** Whether this is a long action the status line follows ({@link BackgroundTask#inStatusLine()}). */
    public boolean inStatusLine() {
        return inStatusLine;
    }

    /** How the work ended; {@link Outcome#RUNNING} until {@link #runningProperty()} turns false. */
    public Outcome outcome() {
        return outcome;
    }

    /** Done so far, 0..1, or negative while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** Asks the work to stop at its next safe point. */
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void progress(double fraction, String text) {
        if (pending.getAndSet(new Update(fraction, text)) == null) {
            uiThread.execute(() -> {
                Update u = pending.getAndSet(null);
                if (u != null) {
                    progress.set(u.fraction() > 1 ? 1 : u.fraction());
                    if (u.message() != null && !u.message().isBlank()) {
                        message.set(u.message());
                    }
                }
            });
        }
    }

    void finished(Outcome how) {
        outcome = how;
        running.set(false);
    }
}
