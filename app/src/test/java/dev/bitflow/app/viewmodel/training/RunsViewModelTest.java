package dev.bitflow.app.viewmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunSettings;
import java.time.Instant;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs kept in a workspace folder, through the ViewModels without the FX toolkit: two real tiny runs (SF on and
 * off), then a new ViewModel over the same folder (a restart) finds both with settings, curves, metrics and
 * models; rename, hide and delete last; damaged folders are listed, not fatal. A run's number (and with it its
 * colour and marker in the charts) is its own: deleting another run, a restart or a damaged number elsewhere does
 * not change it, and a number once used is not given to a new run.
 */
class RunsViewModelTest {
    @TempDir
    Path dir;
    private final Engine engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
    private final List<String> errors = new ArrayList<>();

    private RunsViewModel runs() {
        RunsViewModel r = new RunsViewModel(engine.runs(), dir.resolve("runs"), new SameThreadTaskExecutor(), Runnable::run);
        r.setErrorSink(errors::add);
        r.load();
        return r;
    }

    private TrainingViewModel training(RunsViewModel runs) {
        TrainingViewModel vm = new TrainingViewModel(engine.training(), engine.definitions(), engine.datasets(), runs,
                new SameThreadTaskExecutor());
        vm.setErrorSink(errors::add);
        vm.definitionProperty().set(engine.definitions().sample("fashion-bcnn"));
        vm.epochsProperty().set(1);
        vm.maxTrainExamplesProperty().set(200);
        vm.batchSizeProperty().set(50);
        return vm;
    }

    @Test
    void twoRunsSfOnAndOffSurviveARestartWithSettingsCurvesMetricsAndModels() {
        RunsViewModel runs = runs();
        TrainingViewModel vm = training(runs);
        vm.start();
        vm.scalingFactorProperty().set(false);
        vm.seedProperty().set(7);
        vm.start();
        assertThat(errors).isEmpty();
        assertThat(runs.runs()).hasSize(2).allSatisfy(r -> {
            assertThat(r.record().status()).isEqualTo(RunStatus.FINISHED);
            assertThat(r.isStored()).isTrue();
            assertThat(r.record().hasModel()).isTrue();
        });

        // A restart: a new ViewModel over the same folder.
        RunsViewModel after = runs();
        assertThat(after.problems()).isEmpty();
        assertThat(after.runs()).hasSize(2);
        TrainingRun on = after.runs().get(0);
        TrainingRun off = after.runs().get(1);
        assertThat(on.number()).isEqualTo(1);
        assertThat(on.isLive()).isFalse();
        assertThat(on.record().settings().scalingFactor()).isTrue();
        assertThat(off.record().settings().scalingFactor()).isFalse();
        assertThat(on.name()).contains("SF on");
        assertThat(off.name()).contains("SF off");
        assertThat(on.record().settings().trainingExamples()).isEqualTo(200);
        assertThat(on.record().settings().dataLabel()).isEqualTo("Fashion-MNIST, all 10 classes (mini set)");
        assertThat(RunFacts.seed(off.record())).isEqualTo("7");
        assertThat(RunFacts.epochs(off.record())).isEqualTo("1");
        assertThat(RunFacts.learningRate(off.record())).isEqualTo("0.003");
        assertThat(on.batches()).hasSameSizeAs(runs.runs().get(0).batches()).isNotEmpty();
        assertThat(on.epochs()).hasSize(1);
        assertThat(on.record().evaluation().examples()).isEqualTo(1000);
        assertThat(on.record().accuracy()).isEqualTo(runs.runs().get(0).record().accuracy());
        assertThat(on.record().evaluation().confusion()).hasSize(10);
        assertThat(on.outcomeProperty().get()).startsWith("finished: test accuracy");
        assertThat(on.record().seconds()).isPositive();
        assertThat(after.runsWithModels()).containsExactly(off, on);

        // Compared: the settings that differ are SF and the seed; the results differ too.
        RunComparison c = after.compare(List.of(on, off));
        assertThat(c.runs()).containsExactly(on.label(), off.label());
        assertThat(c.rows()).filteredOn(RunComparison.Row::differs).extracting(RunComparison.Row::attribute)
                .contains("Scaling factor", "Seed", "Test accuracy").doesNotContain("Data", "Epochs", "Learning rate",
                        "Training examples");
        assertThat(c.rows()).extracting(RunComparison.Row::attribute).contains("Accuracy: Shirt");

        // The model loads from the run's folder.
        var model = new Object[1];
        new SameThreadTaskExecutor().execute(after.loadModel(off).onSuccess(m -> model[0] = m));
        assertThat(model[0]).isNotNull();

        // Rename and hide last across a restart; delete removes the folder.
        assertThat(after.rename(on, "  ")).isEqualTo("A run needs a name.");
        assertThat(after.rename(on, "baseline with SF")).isNull();
        after.setHidden(off, true);
        assertThat(after.rows()).containsExactly(on);
        after.showHiddenProperty().set(true);
        assertThat(after.rows()).containsExactly(on, off);
        RunsViewModel third = runs();
        assertThat(third.runs()).extracting(TrainingRun::name).first().isEqualTo("baseline with SF");
        assertThat(third.rows()).hasSize(1);
        Path folder = dir.resolve("runs").resolve(third.runs().get(1).record().id());
        assertThat(folder).isDirectory();
        third.delete(third.runs().get(1));
        assertThat(folder).doesNotExist();
        assertThat(runs().runs()).hasSize(1);
        assertThat(errors).isEmpty();
    }

    /** A run as Start makes it, without training it. */
    private TrainingRun begun(RunsViewModel runs, String name) {
        return runs.begin(name, engine.definitions().sample("fashion-bcnn"), new RunSettings("mini", DataLocation.mini(),
                true, 100, 90), Instant.parse("2026-12-01T10:15:30Z"));
    }

    /** A run as Start makes it, kept in its folder and ended, without training it. */
    private static TrainingRun kept(RunsViewModel runs, NetworkDefinition definition, String name, Instant startedAt) {
        TrainingRun run = runs.begin(name, definition, new RunSettings("mini", DataLocation.mini(), true, 100, 90),
                startedAt);
        runs.stored(run, runs.store(run, run.record()));
        run.setRecord(run.snapshot().ended(RunStatus.FINISHED, "", 1, null));
        runs.persist(run);
        return run;
    }

    private TrainingRun kept(RunsViewModel runs, String name, Instant startedAt) {
        return kept(runs, engine.definitions().sample("fashion-bcnn"), name, startedAt);
    }

    private static final Instant T0 = Instant.parse("2026-12-01T10:15:30Z");

    @Test
    void deletingAnOlderRunKeepsEveryOtherRunsNumberColourAndMarkerAlsoAfterARestart() {
        RunsViewModel runs = runs();
        TrainingRun first = kept(runs, "first", T0);
        TrainingRun second = kept(runs, "second", T0.plusSeconds(60));
        TrainingRun third = kept(runs, "third", T0.plusSeconds(120));
        assertThat(runs.runs()).extracting(TrainingRun::name, TrainingRun::number)
                .containsExactly(tuple("first", 1), tuple("second", 2), tuple("third", 3));
        var colourOfSecond = LineCharts.runColor(second.number());
        var markerOfSecond = LineCharts.runShape(second.number());
        var colourOfThird = LineCharts.runColor(third.number());
        var markerOfThird = LineCharts.runShape(third.number());

        runs.delete(first);
        assertThat(runs.runs()).extracting(TrainingRun::name, TrainingRun::number)
                .containsExactly(tuple("second", 2), tuple("third", 3));

        RunsViewModel after = runs(); // a restart on the same folder
        assertThat(after.problems()).isEmpty();
        assertThat(after.runs()).extracting(TrainingRun::name, TrainingRun::number, TrainingRun::label)
                .containsExactly(tuple("second", 2, "#2 second"), tuple("third", 3, "#3 third"));
        TrainingRun secondAgain = after.runs().get(0);
        TrainingRun thirdAgain = after.runs().get(1);
        assertThat(LineCharts.runColor(secondAgain.number())).isEqualTo(colourOfSecond);
        assertThat(LineCharts.runShape(secondAgain.number())).isSameAs(markerOfSecond);
        assertThat(LineCharts.runColor(thirdAgain.number())).isEqualTo(colourOfThird);
        assertThat(LineCharts.runShape(thirdAgain.number())).isSameAs(markerOfThird);

        // A number once used is never given again, not even the deleted newest one.
        after.delete(thirdAgain);
        assertThat(kept(after, "fourth", T0.plusSeconds(180)).number()).isEqualTo(4);
        assertThat(runs().runs()).extracting(TrainingRun::name, TrainingRun::number)
                .containsExactly(tuple("second", 2), tuple("fourth", 4));
        assertThat(errors).isEmpty();
    }

    @Test
    void aRunBegunBeforeTheWorkspaceWasReadTakesTheNextNumberOnceAndIsListedOnce() {
        RunsViewModel earlier = runs();
        kept(earlier, "first", T0);
        kept(earlier, "second", T0.plusSeconds(60));
        ManualTaskExecutor held = new ManualTaskExecutor();
        RunsViewModel runs = new RunsViewModel(engine.runs(), dir.resolve("runs"), held, Runnable::run);
        runs.load(); // held: Start is pressed before the workspace has been read
        TrainingRun early = runs.begin("early", engine.definitions().sample("fashion-bcnn"),
                new RunSettings("mini", DataLocation.mini(), true, 100, 90), T0.plusSeconds(120));
        RunRecord created = runs.store(early, early.record());
        assertThat(created.number()).as("the workspace knows #1 and #2 are given").isEqualTo(3);
        held.runAll(); // the listing now holds the early run's folder, before the run knows its id
        runs.stored(early, created);
        assertThat(runs.runs()).extracting(TrainingRun::name, TrainingRun::number, TrainingRun::isLive)
                .containsExactly(tuple("first", 1, false), tuple("second", 2, false), tuple("early", 3, true));
        assertThat(kept(runs, "next", T0.plusSeconds(180)).number()).isEqualTo(4);
    }

    /** A copy of {@code template}'s folder as run {@code name}, stored number {@code number} (JSON; null: none). */
    private Path copyWithNumber(TrainingRun template, String name, Instant startedAt, String number) throws Exception {
        Path from = dir.resolve("runs").resolve(template.record().id());
        Path to = Files.createDirectories(dir.resolve("runs").resolve(String.format("20261201-1200%02d-%s",
                startedAt.getEpochSecond() % 60, name)));
        Files.copy(from.resolve("definition.bitflow.json"), to.resolve("definition.bitflow.json"));
        String json = Files.readString(from.resolve("run.json"))
                .replaceAll("\\s*\"number\" : [^,]+,", "")
                .replace("\"name\" : \"" + template.name() + "\"", "\"name\" : \"" + name + "\"")
                .replace(template.record().startedAt().toString(), startedAt.toString());
        if (number != null) {
            json = json.replace("\"version\" : 1,", "\"version\" : 1,\n  \"number\" : "
                    + number + ",");
        }
        AtomicFiles.writeString(to.resolve("run.json"), json);
        return to;
    }

    @Test
    void runFoldersWithAMissingNegativeHugeOrDuplicatedNumberLoadWithNewNumbersThatLast() throws Exception {
        RunsViewModel runs = runs();
        TrainingRun template = kept(runs, "template", T0);
        copyWithNumber(template, "five", T0.plusSeconds(1), "5");
        copyWithNumber(template, "without", T0.plusSeconds(2), null);
        Path negative = copyWithNumber(template, "negative", T0.plusSeconds(3), "-4");
        copyWithNumber(template, "huge", T0.plusSeconds(4), "99999999999999999999");
        copyWithNumber(template, "text", T0.plusSeconds(5), "\"seven\"");
        copyWithNumber(template, "twin", T0.plusSeconds(6), "5");
        runs.delete(template);
        List<String> said = new ArrayList<>();

        RunsViewModel after = new RunsViewModel(engine.runs(), dir.resolve("runs"), new SameThreadTaskExecutor(),
                Runnable::run);
        after.setStatusSink(said::add);
        after.load();
        assertThat(after.problems()).as("every folder loads").isEmpty();
        // the stored number kept; the rest after the highest number used, in the order they started
        assertThat(after.runs()).extracting(TrainingRun::name, TrainingRun::number).containsExactly(
                tuple("five", 5), tuple("without", 6), tuple("negative", 7), tuple("huge", 8), tuple("text", 9),
                tuple("twin", 10));
        assertThat(said).singleElement().asString().contains("negative").contains("field 'number'")
                .contains("#7");
        assertThat(Files.readString(negative.resolve("run.json"))).contains("\"number\" : 7,");

        // and they keep those numbers from then on; a new run comes after them
        RunsViewModel third = runs();
        assertThat(third.runs()).extracting(TrainingRun::number).containsExactly(5, 6, 7, 8, 9, 10);
        assertThat(kept(third, "new", T0.plusSeconds(600)).number()).isEqualTo(11);
        assertThat(errors).isEmpty();
    }

    @Test
    void theChartsDrawTheSelectedRowsOrAllRowsAndHiddenRunsNever() {
        RunsViewModel runs = runs();
        List<TrainingRun> all = List.of(begun(runs, "a"), begun(runs, "b"), begun(runs, "c"));
        assertThat(runs.charted()).containsExactlyElementsOf(all);
        runs.selection().setAll(all.get(0), all.get(2));
        assertThat(runs.charted()).containsExactly(all.get(0), all.get(2));
        runs.setHidden(all.get(0), true);
        assertThat(runs.charted()).containsExactly(all.get(2));
        runs.selection().clear();
        assertThat(runs.charted()).containsExactly(all.get(1), all.get(2));
        assertThat(runs.canDelete(all.get(1))).as("a run training in this window").isFalse();
        runs.delete(all.get(1));
        assertThat(errors).singleElement().asString().contains("still training");
        assertThat(runs.unsavedWork()).hasSize(3).allSatisfy(w -> assertThat(w).contains("is still training"));
    }

    @Test
    void damagedRunFoldersAreListedAndTheOthersLoad() throws Exception {
        RunsViewModel runs = runs();
        TrainingRun run = begun(runs, "good");
        runs.stored(run, runs.store(run, run.record()));
        Path runFile = dir.resolve("runs").resolve(run.record().id()).resolve("run.json");
        Path broken = Files.createDirectories(dir.resolve("runs").resolve("20200101-000000-broken"));
        AtomicFiles.writeString(broken.resolve("run.json"), Files.readString(runFile).replace("\"hidden\"", "\"hiddn\""));
        Files.copy(runFile.resolveSibling("definition.bitflow.json"), broken.resolve("definition.bitflow.json"));
        RunsViewModel after = runs();
        assertThat(after.runs()).extracting(TrainingRun::name).containsExactly("good");
        assertThat(after.runs().get(0).outcomeProperty().get()).as("still marked running on disk").isEqualTo("interrupted");
        assertThat(after.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("20200101-000000-broken").contains("field 'hidden' is missing"));
    }

    @Test
    void aWorkspaceThatCannotBeCreatedKeepsRunsInMemoryAndSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        RunsViewModel runs = new RunsViewModel(engine.runs(), file.resolve("runs"), new SameThreadTaskExecutor(),
                Runnable::run);
        runs.load();
        assertThat(runs.workspaceProblemProperty().get()).startsWith("Runs are not kept: cannot use");
        TrainingRun run = begun(runs, "in memory");
        assertThat(runs.store(run, run.record())).isNull();
        assertThat(run.isStored()).isFalse();
        Path bfm = RandomModelFiles.write(dir.resolve("m.bfm"), engine.definitions().sample("fashion-bcnn"), 3);
        runs.storeModel(run, null, engine.training().load(bfm));
        run.setRecord(run.record().ended(RunStatus.FINISHED, "", 1, null));
        assertThat(run.hasModel()).as("the model is kept in memory").isTrue();
        assertThat(runs.runsWithModels()).containsExactly(run);
        assertThat(runs.unsavedWork()).singleElement().asString().contains("is not saved");
    }

    @Test
    void emaSmoothsWithoutStartUpBiasAndZeroWeightChangesNothing() {
        Ema none = new Ema(0);
        assertThat(none.next(3)).isEqualTo(3);
        assertThat(none.next(5)).isEqualTo(5);
        Ema ema = new Ema(0.9);
        assertThat(ema.next(2)).as("the first point is itself, not pulled to 0").isCloseTo(2, within(1e-12));
        assertThat(ema.next(4)).isCloseTo((0.9 * 0.1 * 2 + 0.1 * 4) / (1 - 0.81), within(1e-12));
        assertThat(ema.next(Double.NaN)).isNaN();
        assertThat(RunFacts.duration(42)).isEqualTo("42 s");
        assertThat(RunFacts.duration(185)).isEqualTo("3 min 05 s");
        assertThat(RunFacts.duration(3720)).isEqualTo("1 h 02 min");
    }
}
