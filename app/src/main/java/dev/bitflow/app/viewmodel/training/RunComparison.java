package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.training.EvaluationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs side by side: one column per run, one row per setting or result, each row marked when the runs differ in
 * it (so an SF-on / SF-off pair shows at a glance that only SF and the results changed). Per-class test accuracy
 * follows when the runs were evaluated on the same classes.
 *
 * @param runs the column headings ({@code #3 name})
 */
public record RunComparison(List<String> runs, List<Row> rows) {
    /** One setting or result: its value in each run, and whether they differ. */
    public record Row(String attribute, List<String> values, boolean differs) {
        public Row {
            values = List.copyOf(values);
        }
    }

    public RunComparison {
        runs = List.copyOf(runs);
        rows = List.copyOf(rows);
    }

    static RunComparison of(List<TrainingRun> chosen) {
        List<RunRecord> records = chosen.stream().map(TrainingRun::record).toList();
        List<Row> rows = new ArrayList<>();
        add(rows, records, "Definition", r -> r.definition().name() + " (" + r.definition().layers().size() + " layers)");
        add(rows, records, "Data", RunFacts::data);
        add(rows, records, "Epochs", RunFacts::epochs);
        add(rows, records, "Batch size", RunFacts::batchSize);
        add(rows, records, "Learning rate", RunFacts::learningRate);
        add(rows, records, "Scaling factor", RunFacts::scalingFactor);
        add(rows, records, "Seed", RunFacts::seed);
        add(rows, records, "Training examples", RunFacts::examples);
        add(rows, records, "Status", r -> r.status().name().toLowerCase(Locale.ROOT));
        add(rows, records, "Test accuracy", RunFacts::accuracy);
        add(rows, records, "Test loss", RunFacts::testLoss);
        add(rows, records, "Last validation accuracy", RunFacts::validationAccuracy);
        add(rows, records, "Last training loss", RunFacts::trainingLoss);
        add(rows, records, "Duration", RunFacts::duration);
        List<String> classes = sharedClasses(records);
        for (int c = 0; c < classes.size(); c++) {
            int k = c;
            add(rows, records, "Accuracy: " + classes.get(c), r -> String.format(Locale.ROOT, "%.1f%%",
                    100 * r.evaluation().perClassAccuracy().get(k)));
        }
        return new RunComparison(chosen.stream().map(TrainingRun::label).toList(), rows);
    }

    private static void add(List<Row> rows, List<RunRecord> records, String attribute, Function<RunRecord, String> f) {
        List<String> values = records.stream().map(f).toList();
        rows.add(new Row(attribute, values, new HashSet<>(values).size() > 1));
    }

    /** The class names when every run has an evaluation over the same classes, else none. */
    private static List<String> sharedClasses(List<RunRecord> records) {
        List<String> names = null;
        for (RunRecord r : records) {
            EvaluationResult e = r.evaluation();
            if (e == null || (names != null && !names.equals(e.classNames()))) {
                return List.of();
            }
            names = e.classNames();
        }
        return names == null ? List.of() : names;
    }
}
