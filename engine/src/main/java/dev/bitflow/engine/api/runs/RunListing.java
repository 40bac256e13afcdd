package dev.bitflow.engine.api.runs;

import java.util.List;

/**
 * What a workspace holds.
 *
 * @param runs          the runs that could be read, oldest first, each with its number
 * @param problems      folders that look like runs but could not be read, each with the reason
 * @param numberNotes   what was put right in the numbers, naming the file and field: runs whose stored number could
 *                      not be kept (not a whole number from 1 to {@link RunRecord#MAX_NUMBER}, or an older run's),
 *                      each with the number it has now, and a damaged {@code numbers.json}; runs written before runs
 *                      kept their number are numbered without a note
 * @param highestNumber the highest run number this workspace ever gave (0 before its first run); a new run gets a
 *                      higher one
 */
public record RunListing(List<RunRecord> runs, List<RunProblem> problems, List<RunProblem> numberNotes,
                         int highestNumber) {
    public RunListing {
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
        numberNotes = List.copyOf(numberNotes);
    }
}
