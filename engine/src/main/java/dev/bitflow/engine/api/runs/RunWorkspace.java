package dev.bitflow.engine.api.runs;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One workspace folder with a sub-folder per run: {@code run.json} (number, name, hidden flag, settings, status,
 * curves, final metrics), {@code definition.bitflow.json} (the definition the run trained), {@code model.bfm} once
 * it finished and {@code fused.bff} once it was fused; beside them the workspace's {@code numbers.json} (the highest
 * run number it gave, so a deleted run's number is not given again). Every file is written atomically; a damaged
 * folder is reported by {@link #list()}, never fatal. Methods do file I/O: call them off the UI thread.
 */
public interface RunWorkspace {
    /** The workspace folder. */
    Path folder();

    /**
     * Every run, oldest first, and every folder that could not be read (with the reason). Runs without a usable
     * number (written before runs kept their number, a number out of range or another run's; the older of two runs
     * keeps a shared number) are numbered here, after the highest number the workspace gave, in the order they
     * started, and that number is written into their {@code run.json} so they keep it.
     */
    RunListing list();

    /**
     * Creates the folder of a new run (status {@link RunStatus#RUNNING}, no curves yet) and writes its
     * definition and {@code run.json}.
     *
     * @param number the number the caller gave the run (one more than {@link RunListing#highestNumber()} of its
     *               listing, normally); when the workspace gave that number or a higher one already (another window
     *               on the same folder), the run gets the next number instead; 0: the next number
     * @return the run as kept, with its number
     * @throws dev.bitflow.engine.api.BadInputException when every number up to {@link RunRecord#MAX_NUMBER} was given
     */
    RunRecord create(String name, NetworkDefinition definition, RunSettings settings, Instant startedAt, int number);

    /**
     * Writes {@code run}'s {@code run.json} (name, hidden flag, status, curves, evaluation). Its model files are
     * not touched; {@link RunRecord#hasModel()} and {@link RunRecord#hasFusedModel()} of the result say which
     * exist.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the run's folder no longer exists
     */
    RunRecord save(RunRecord run);

    /** Writes the run's trained model ({@code model.bfm}). */
    RunRecord saveModel(RunRecord run, TrainedModel model);

    /**
     * Reads the run's trained model.
     *
     * @throws dev.bitflow.engine.api.BadInputException when it is missing or damaged (the message names the file)
     */
    TrainedModel loadModel(RunRecord run);

    /** Writes the run's fused model ({@code fused.bff}); returns its summary with the size of the file. */
    FusionSummary saveFusedModel(RunRecord run, FusedModel model, TaskMonitor monitor);

    /** Reads the run's fused model; a missing or damaged file is a {@link dev.bitflow.engine.api.BadInputException}. */
    FusedModel loadFusedModel(RunRecord run);

    /** Deletes the run's folder with everything in it. */
    void delete(RunRecord run);
}
