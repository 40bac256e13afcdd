package dev.bitflow.engine.api.runs;

import java.util.List;

/**
 * What a workspace holds.
 *
 * @param runs     the runs that could be read, oldest first
 * @param problems folders that look like runs but could not be read, each with the reason
 */
public record RunListing(List<RunRecord> runs, List<RunProblem> problems) {
    public RunListing {
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }
}
