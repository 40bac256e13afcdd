package dev.bitflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.training.RunsTestAccess;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run numbers through the whole composition root: two real tiny runs on the mini set, the first deleted, then a
 * new {@link AppContext} on the same folders (a restart): the second run is still #2 with the same colour and
 * marker, everywhere it is named, and the next run is #3, not a number used before.
 */
class RunNumbersSurviveARestartTest {
    @TempDir
    Path dir;
    private AppContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private AppContext open(ManualTaskExecutor tasks) {
        AppContext c = new AppContext(dir.resolve("settings"), tasks);
        tasks.runAll(); // the engine's warm-up, the data sets, the runs list
        c.training().epochsProperty().set(1);
        c.training().maxTrainExamplesProperty().set(100);
        c.training().batchSizeProperty().set(50);
        return c;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRunKeepsItsNumberAfterAnOlderRunIsDeletedAndTheWorkbenchRestarts() throws Exception {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        context = open(tasks);
        context.training().start();
        tasks.runAll();
        context.training().start();
        tasks.runAll();
        assertThat(context.runs().runs()).extracting(TrainingRun::number).containsExactly(1, 2);
        TrainingRun first = context.runs().runs().get(0);
        TrainingRun second = context.runs().runs().get(1);
        String secondId = second.record().id();
        var colour = LineCharts.runColor(second.number());
        var marker = LineCharts.runShape(second.number());
        Path firstFolder = context.runs().folder().resolve(first.record().id());

        context.runs().delete(first);
        context.runs().rename(second, "kept across the restart");
        context.close(); // the delete and the rename are queued on the writer thread: closing finishes them
        assertThat(firstFolder).doesNotExist();

        ManualTaskExecutor again = new ManualTaskExecutor();
        context = open(again);
        assertThat(context.runs().problems()).isEmpty();
        assertThat(context.runs().runs()).singleElement().satisfies(r -> {
            assertThat(r.record().id()).isEqualTo(secondId);
            assertThat(r.number()).isEqualTo(2);
            assertThat(r.name()).isEqualTo("kept across the restart");
            assertThat(r.label()).startsWith("#2 ");
            assertThat(LineCharts.runColor(r.number())).isEqualTo(colour);
            assertThat(LineCharts.runShape(r.number())).isSameAs(marker);
            assertThat(ModelSession.runLabel(r)).startsWith("run #2 ");
        });
        assertThat(context.session().choices()).extracting(ModelSession.Origin::label)
                .anySatisfy(l -> assertThat(l).startsWith("run #2 "));

        TrainingRun next = RunsTestAccess.begin(context.runs(), "next", second.definition(), second.record().settings());
        assertThat(next.number()).as("not a number an earlier run had").isEqualTo(3);
        assertThat(context.runs().runs()).extracting(TrainingRun::number, TrainingRun::isLive)
                .containsExactly(tuple(2, false), tuple(3, true));
    }
}
