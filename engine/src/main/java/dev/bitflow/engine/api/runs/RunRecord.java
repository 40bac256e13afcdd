package dev.bitflow.engine.api.runs;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.EvaluationResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One training run as its workspace folder stores it.
 *
 * @param id            the folder's name inside the workspace; never changes
 * @param number        the run's number, shown as {@code #number} (and the colour and marker of its curves follow
 *                      from it): given once when the run begins, one more than the highest number its workspace
 *                      ever used, so it never changes and is never given to another run of that workspace; from 1
 *                      to {@link #MAX_NUMBER}, or 0 for a run not numbered yet (its folder not made yet, or a run
 *                      file written before runs kept their number, until its workspace numbers it)
 * @param name          the name the user sees and may change
 * @param hidden        left out of the runs table unless hidden runs are shown
 * @param definition    the definition the run trained (its training section: epochs, batch size, rate, seed)
 * @param settings      data and the scaling-factor switch
 * @param status        where the run is
 * @param message       why it failed, or "" (a short note otherwise)
 * @param startedAt     when it started
 * @param seconds       training time so far, evaluation included
 * @param curves        loss and accuracy per batch and epoch
 * @param evaluation    accuracy, per-class accuracy and confusion on the test split, or null before the end
 * @param hasModel      whether the trained model file is in the folder
 * @param hasFusedModel whether the fused model file is in the folder
 */
public record RunRecord(String id, int number, String name, boolean hidden, NetworkDefinition definition,
                        RunSettings settings, RunStatus status, String message, Instant startedAt, double seconds,
                        RunCurves curves, EvaluationResult evaluation, boolean hasModel, boolean hasFusedModel) {
    /** The highest run number a workspace gives (a million runs; far more than a person starts). */
    public static final int MAX_NUMBER = 1_000_000;

    public RunRecord {
        Objects.requireNonNull(id, "id");
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("a run number is from 1 to " + MAX_NUMBER
                    + " (0: not numbered yet), was " + number);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        message = message == null ? "" : message;
        curves = curves == null ? RunCurves.EMPTY : curves;
    }

    /** The run with its number (given once, when its workspace first keeps it). */
    public RunRecord withNumber(int newNumber) {
        return new RunRecord(id, newNumber, name, hidden, definition, settings, status, message, startedAt, seconds,
                curves, evaluation, hasModel, hasFusedModel);
    }

    public RunRecord withName(String newName) {
        return new RunRecord(id, number, newName, hidden, definition, settings, status, message, startedAt,
                seconds, curves, evaluation, hasModel, hasFusedModel);
    }

    public RunRecord withHidden(boolean hide) {
        return new RunRecord(id, number, name, hide, definition, settings, status, message, startedAt,
                seconds, curves, evaluation, hasModel, hasFusedModel);
    }

    /** The run with other settings (the training example count is known once the data is read). */
    public RunRecord withSettings(RunSettings newSettings) {
        return new RunRecord(id, number, name, hidden, definition, newSettings, status, message, startedAt,
                seconds, curves, evaluation, hasModel, hasFusedModel);
    }

    /** The run with more curve points and its training time so far. */
    public RunRecord withProgress(RunCurves newCurves, double newSeconds) {
        return new RunRecord(id, number, name, hidden, definition, settings, status, message, startedAt,
                newSeconds, newCurves, evaluation, hasModel, hasFusedModel);
    }

    /** The run ended: how, why (for a failure), its time and, when it finished, its evaluation. */
    public RunRecord ended(RunStatus newStatus, String newMessage, double newSeconds, EvaluationResult result) {
        return new RunRecord(id, number, name, hidden, definition, settings, newStatus, newMessage, startedAt,
                newSeconds, curves, result, hasModel, hasFusedModel);
    }

    /** The run with these model-file flags (as the workspace found the files). */
    public RunRecord withFiles(boolean model, boolean fusedModel) {
        return new RunRecord(id, number, name, hidden, definition, settings, status, message, startedAt,
                seconds, curves, evaluation, model, fusedModel);
    }

    /** Test accuracy, or NaN before the run finished. */
    public double accuracy() {
        return evaluation == null ? Double.NaN : evaluation.accuracy();
    }
}
