package dev.bitflow.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunListing;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunSettings;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.runs.RunWorkspace;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fusion.DefaultFusionService;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.train.DefaultTrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs workspace on disk: runs round-trip, survive a new workspace object, damage is reported; run numbers are
 * given once and kept, also by runs written before runs kept their number and by runs whose number is damaged.
 */
class RunWorkspaceTest {
    private static final Path SAMPLE_MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm");
    private static final Instant START = Instant.parse("2026-12-01T10:15:30Z");

    @TempDir
    Path dir;
    private final DefaultDefinitionService definitions = new DefaultDefinitionService();
    private final DefaultTrainingService training = new DefaultTrainingService(definitions, TestDatasets.service());
    private DefaultFusionService fusion;
    private DefaultRunService service;
    private RunWorkspace workspace;
    private NetworkDefinition definition;

    @BeforeEach
    void open() {
        fusion = new DefaultFusionService(definitions, TestDatasets.service());
        service = new DefaultRunService(definitions, training, fusion);
        workspace = service.open(dir.resolve("runs"));
        definition = definitions.sample("fashion-bcnn");
    }

    private RunRecord newRun(String name) {
        return workspace.create(name, definition, new RunSettings("Fashion-MNIST, all 10 classes (mini set)",
                DataLocation.mini(), false, 300, 270), START, 0);
    }

    private static EvaluationResult evaluation() {
        return new EvaluationResult("fashion-mnist test (mini)", 4, 0.5, 1.25, List.of("a", "b"), List.of(1.0, 0.0),
                List.of(List.of(2, 0), List.of(2, 0)));
    }

    @Test
    void aRunRoundTripsWithCurvesEvaluationAndNonFiniteValuesThroughANewWorkspace() {
        RunRecord run = newRun("SF off, 300 images");
        assertThat(run.id()).isEqualTo("20261201-101530-fashion-bcnn");
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.hasModel()).isFalse();
        RunCurves curves = RunCurves.EMPTY.plus(List.of(new RunCurves.BatchPoint(0.5, 2.25, 0.125),
                new RunCurves.BatchPoint(1.0, 1.5, 0.375)), List.of(new RunCurves.EpochPoint(1, 1.75, 0.25, Double.NaN,
                Double.NaN)));
        RunRecord ended = workspace.save(run.withProgress(curves, 12.5)
                .ended(RunStatus.FINISHED, "", 13.0, evaluation()).withName("renamed").withHidden(true));

        RunWorkspace again = service.open(dir.resolve("runs"));
        RunListing listing = again.list();
        assertThat(listing.problems()).isEmpty();
        assertThat(listing.runs()).singleElement().isEqualTo(ended);
        RunRecord read = listing.runs().get(0);
        assertThat(read.curves().epochs().get(0).validationLoss()).isNaN();
        assertThat(read.definition()).isEqualTo(definition);
        assertThat(read.settings().scalingFactor()).isFalse();
        assertThat(read.settings().data()).isEqualTo(DataLocation.mini());
        assertThat(read.accuracy()).isEqualTo(0.5);
        assertThat(read.evaluation().confusion()).containsExactly(List.of(2, 0), List.of(2, 0));
    }

    @Test
    void twoRunsStartedInTheSameSecondGetTheirOwnFoldersAndListOldestFirst() {
        RunRecord a = newRun("a");
        RunRecord b = newRun("b");
        RunRecord c = workspace.create("c", definition, a.settings(), START.minusSeconds(60), 0);
        assertThat(b.id()).isEqualTo(a.id() + "-2");
        assertThat(workspace.list().runs()).extracting(RunRecord::name).containsExactly("c", "a", "b");
        workspace.delete(b);
        assertThat(dir.resolve("runs").resolve(b.id())).doesNotExist();
        assertThat(workspace.list().runs()).extracting(RunRecord::name).containsExactly("c", "a");
        assertThatThrownBy(() -> workspace.save(b)).isInstanceOf(BadInputException.class).hasMessageContaining("no longer exists");
        assertThat(c.id()).startsWith("20261201-101430");
    }

    @Test
    void theTrainedAndTheFusedModelAreKeptInTheRunFolder() {
        TrainedModel model = training.load(SAMPLE_MODEL);
        RunRecord run = workspace.saveModel(newRun("with model"), model);
        assertThat(run.hasModel()).isTrue();
        assertThat(workspace.loadModel(run).definition()).isEqualTo(model.definition());
        var summary = workspace.saveFusedModel(run, fusion.fuse(model, TaskMonitor.NONE), TaskMonitor.NONE);
        RunRecord listed = workspace.list().runs().get(0);
        assertThat(listed.hasModel()).isTrue();
        assertThat(listed.hasFusedModel()).isTrue();
        assertThat(workspace.loadFusedModel(listed).summary()).isEqualTo(summary);
    }

    @Test
    void damagedFoldersAreReportedWithTheFileAndFieldAndTheRestStillLists() throws Exception {
        RunRecord good = newRun("good");
        Path runs = dir.resolve("runs");
        Path garbage = Files.createDirectories(runs.resolve("20261201-000000-garbage"));
        Files.copy(runs.resolve(good.id()).resolve("definition.bitflow.json"), garbage.resolve("definition.bitflow.json"));
        AtomicFiles.writeString(garbage.resolve("run.json"), "{ not json");
        Path badField = Files.createDirectories(runs.resolve("20261201-000001-bad-field"));
        Files.copy(runs.resolve(good.id()).resolve("definition.bitflow.json"), badField.resolve("definition.bitflow.json"));
        String json = Files.readString(runs.resolve(good.id()).resolve("run.json")).replace("\"RUNNING\"", "\"SLEEPING\"");
        AtomicFiles.writeString(badField.resolve("run.json"), json);
        Path noDefinition = Files.createDirectories(runs.resolve("20261201-000002-no-definition"));
        Files.copy(runs.resolve(good.id()).resolve("run.json"), noDefinition.resolve("run.json"));
        Files.createDirectories(runs.resolve("20261201-000003-half-created"));
        AtomicFiles.writeString(runs.resolve("20261201-000003-half-created").resolve(".run.json.123.tmp"), "{");
        AtomicFiles.writeString(runs.resolve("notes.txt"), "a file beside the runs is left alone");

        RunListing listing = workspace.list();
        assertThat(listing.runs()).extracting(RunRecord::name).containsExactly("good");
        assertThat(listing.problems()).hasSize(3);
        assertThat(listing.problems().get(0).message()).contains("20261201-000000-garbage").contains("run.json")
                .contains("invalid JSON at line 1");
        assertThat(listing.problems().get(1).message()).contains("field 'status'").contains("SLEEPING");
        assertThat(listing.problems().get(2).message()).contains("definition.bitflow.json").contains("missing");
    }

    @Test
    void aRunFileFromAFutureVersionOrWithInconsistentEvaluationIsRefused() throws Exception {
        RunRecord run = workspace.save(newRun("x").ended(RunStatus.FINISHED, "", 1, evaluation()));
        Path file = dir.resolve("runs").resolve(run.id()).resolve("run.json");
        String json = Files.readString(file);
        AtomicFiles.writeString(file, json.replace("\"version\" : 1", "\"version\" : 9"));
        assertThat(workspace.list().problems()).singleElement().satisfies(p ->
                assertThat(p.message()).contains("version 9 is not supported"));
        AtomicFiles.writeString(file, json.replace("\"perClassAccuracy\" : [ 1.0, 0.0 ]", "\"perClassAccuracy\" : [ 1.0 ]"));
        assertThat(workspace.list().problems()).singleElement().satisfies(p ->
                assertThat(p.message()).contains("evaluation.perClassAccuracy").contains("one value per class (2)"));
    }

    @Test
    void aRunIdCannotLeaveTheWorkspace() {
        RunRecord run = newRun("x");
        RunRecord outside = new RunRecord("../../etc", 1, run.name(), false, run.definition(), run.settings(),
                run.status(), "", run.startedAt(), 0, null, null, false, false);
        assertThatThrownBy(() -> workspace.delete(outside)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> workspace.save(outside)).isInstanceOf(BadInputException.class);
    }

    private Path runFile(RunRecord run) {
        return dir.resolve("runs").resolve(run.id()).resolve("run.json");
    }

    /** Rewrites {@code run}'s run.json with its stored number replaced by {@code number} (JSON text; null: none). */
    private void storeNumber(RunRecord run, String number) throws Exception {
        String json = Files.readString(runFile(run)).replaceAll("\\s*\"number\" : [^,]+,", "");
        if (number != null) {
            json = json.replace("\"version\" : 1,", "\"version\" : 1,\n  \"number\" : " + number + ",");
        }
        AtomicFiles.writeString(runFile(run), json);
    }

    @Test
    void aNumberIsGivenOnceKeptInTheRunFileAndNeverGivenAgain() throws Exception {
        RunRecord a = newRun("a");
        RunRecord b = newRun("b");
        assertThat(List.of(a.number(), b.number())).containsExactly(1, 2);
        assertThat(Files.readString(runFile(a))).contains("\"number\" : 1,");
        RunRecord wanted = workspace.create("wanted", definition, a.settings(), START, 7);
        assertThat(wanted.number()).as("the number the caller showed").isEqualTo(7);
        workspace.delete(wanted);
        assertThat(newRun("after the newest was deleted").number()).isEqualTo(8);
        assertThat(workspace.create("taken", definition, a.settings(), START, 2).number())
                .as("a number given already is not given again").isEqualTo(9);
        workspace.delete(a);

        RunListing listing = service.open(dir.resolve("runs")).list();
        assertThat(listing.runs()).extracting(RunRecord::name, RunRecord::number)
                .containsExactly(tuple("b", 2), tuple("after the newest was deleted", 8), tuple("taken", 9));
        assertThat(listing.highestNumber()).isEqualTo(9);
        assertThat(listing.numberNotes()).isEmpty();
        assertThat(Files.readString(dir.resolve("runs").resolve("numbers.json"))).contains("\"highestNumber\" : 9");
        assertThatThrownBy(() -> workspace.create("x", definition, a.settings(), START, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsWrittenBeforeNumbersWereKeptAreNumberedInTheirOrderAfterTheHighestAndKeepIt() throws Exception {
        RunRecord old1 = workspace.create("old 1", definition, newRun("x").settings(), START.minusSeconds(300), 0);
        RunRecord old2 = workspace.create("old 2", definition, old1.settings(), START.minusSeconds(200), 0);
        RunRecord numbered = workspace.create("numbered", definition, old1.settings(), START.minusSeconds(100), 4);
        workspace.delete(workspace.list().runs().stream().filter(r -> r.name().equals("x")).findFirst().orElseThrow());
        storeNumber(old1, null);
        storeNumber(old2, null);
        Files.delete(dir.resolve("runs").resolve("numbers.json"));

        RunListing listing = service.open(dir.resolve("runs")).list();
        assertThat(listing.problems()).isEmpty();
        assertThat(listing.numberNotes()).as("an old run file is no damage").isEmpty();
        assertThat(listing.runs()).extracting(RunRecord::name, RunRecord::number)
                .containsExactly(tuple("old 1", 5), tuple("old 2", 6), tuple("numbered", 4));
        assertThat(Files.readString(runFile(old1))).contains("\"number\" : 5,");
        assertThat(listing.highestNumber()).isEqualTo(6);
        assertThat(service.open(dir.resolve("runs")).list().runs()).extracting(RunRecord::number)
                .containsExactly(5, 6, 4);
        assertThat(numbered.number()).isEqualTo(4);
        assertThat(newRun("new").number()).isEqualTo(7);
    }

    @Test
    void aWorkspaceWithoutItsNumbersFileNumbersItsOldRunsBeforeGivingANewRunItsNumber() throws Exception {
        RunRecord old = newRun("old");
        storeNumber(old, null);
        Files.delete(dir.resolve("runs").resolve("numbers.json"));
        RunRecord created = service.open(dir.resolve("runs")).create("new", definition, old.settings(), START, 1);
        assertThat(created.number()).as("the old run is #1").isEqualTo(2);
        assertThat(workspace.list().runs()).extracting(RunRecord::name, RunRecord::number)
                .containsExactly(tuple("old", 1), tuple("new", 2));
    }

    @Test
    void negativeHugeTextualOrSharedNumbersAreGivenNewOnesWithANoteNamingTheFileAndField() throws Exception {
        RunRecord first = newRun("first");
        RunRecord negative = newRun("negative");
        RunRecord huge = newRun("huge");
        RunRecord text = newRun("text");
        RunRecord zero = newRun("zero");
        RunRecord twin = newRun("twin");
        storeNumber(negative, "-4");
        storeNumber(huge, "99999999999999999999");
        storeNumber(text, "\"7\"");
        storeNumber(zero, "0");
        storeNumber(twin, "1");

        RunListing listing = service.open(dir.resolve("runs")).list();
        assertThat(listing.problems()).isEmpty();
        assertThat(listing.runs()).extracting(RunRecord::name, RunRecord::number).containsExactly(tuple("first", 1),
                tuple("negative", 7), tuple("huge", 8), tuple("text", 9), tuple("zero", 10), tuple("twin", 11));
        assertThat(listing.numberNotes()).extracting(p -> p.message()).satisfiesExactly(
                m -> assertThat(m).contains(negative.id()).contains("run.json: field 'number' must be a whole number "
                        + "from 1 to 1000000, was -4; it is run #7 now"),
                m -> assertThat(m).contains(huge.id()).contains("was 99999999999999999999;"),
                m -> assertThat(m).contains(text.id()).contains("was \"7\";"),
                m -> assertThat(m).contains(zero.id()).contains("was 0;"),
                m -> assertThat(m).contains(twin.id()).contains("field 'number' is 1, the number of run folder "
                        + first.id()).contains("run #11 now"));
        assertThat(Files.readString(dir.resolve("runs").resolve("numbers.json"))).contains("\"highestNumber\" : 11");
        RunListing again = service.open(dir.resolve("runs")).list();
        assertThat(again.numberNotes()).isEmpty();
        assertThat(again.runs()).extracting(RunRecord::number).containsExactly(1, 7, 8, 9, 10, 11);
    }

    @Test
    void aNumbersFileThatIsHugeWrongOrNotJsonIsNotedAndWrittenAgain() throws Exception {
        RunRecord run = newRun("run");
        Path numbers = dir.resolve("runs").resolve("numbers.json");
        AtomicFiles.writeString(numbers, "{ \"format\" : \"bitflow-run-numbers\", \"version\" : 1, "
                + "\"highestNumber\" : -3 }");
        assertThat(workspace.list().numberNotes()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("numbers.json: field 'highestNumber' must be a whole number from 0 to 1000000, was -3"));
        AtomicFiles.writeString(numbers, " ".repeat(5000));
        assertThat(workspace.list().numberNotes()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("numbers.json: 5000 bytes"));
        assertThat(Files.readString(numbers)).contains("\"highestNumber\" : 1");
        AtomicFiles.writeString(numbers, "{ not json");
        assertThat(workspace.create("next", definition, run.settings(), START, 0).number()).isEqualTo(2);
        assertThat(workspace.list().numberNotes()).isEmpty();
    }

    @Test
    void whenEveryNumberWasGivenANewRunIsRefusedAndTheOthersStillList() throws Exception {
        RunRecord run = newRun("last");
        AtomicFiles.writeString(dir.resolve("runs").resolve("numbers.json"), "{ \"format\" : \"bitflow-run-numbers\", "
                + "\"version\" : 1, \"highestNumber\" : " + RunRecord.MAX_NUMBER + " }");
        assertThatThrownBy(() -> workspace.create("one too many", definition, run.settings(), START, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("every run number up to 1000000");
        assertThat(workspace.list().runs()).extracting(RunRecord::number).containsExactly(1);
    }

    @Test
    void theDefaultFolderFollowsXdgOnLinuxAndTheSystemConventionsElsewhere() {
        assertThat(UserDataFolder.of("Linux", Map.of("XDG_DATA_HOME", "/data/u"), "/home/u")).isEqualTo(Path.of("/data/u"));
        assertThat(UserDataFolder.of("Linux", Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .as("a relative XDG_DATA_HOME is ignored, as the specification says").isEqualTo(Path.of("/home/u/.local/share"));
        assertThat(UserDataFolder.of("Linux", Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share"));
        assertThat(UserDataFolder.of("Mac OS X", Map.of(), "/Users/u")).isEqualTo(Path.of("/Users/u/Library/Application Support"));
        assertThat(UserDataFolder.of("Windows 11", Map.of("LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local"), "C:\\Users\\u"))
                .isEqualTo(Path.of("C:\\Users\\u\\AppData\\Local"));
        assertThat(service.defaultFolder().getFileName()).isEqualTo(Path.of("runs"));
        assertThat(service.defaultFolder().getParent().getFileName()).isEqualTo(Path.of("bitflow"));
    }

    @Test
    void slugsAreSafeFolderNames() {
        assertThat(FolderRunWorkspace.slug("Fashion BCNN (v2)!")).isEqualTo("fashion-bcnn-v2");
        assertThat(FolderRunWorkspace.slug("../..")).isEqualTo("run");
        assertThat(FolderRunWorkspace.slug("x".repeat(100))).hasSize(40);
    }
}
