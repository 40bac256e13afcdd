package dev.bitflow.plugins.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every exporter the plugins provide must do, whatever its format: describe itself; write at least one file,
 * only into the folder given, each listed in its report, nothing else left behind (no temporary files), the same
 * bytes when run twice; leave other files in the folder alone; refuse an input it cannot take with a message that
 * says what it needs, writing nothing; stop when cancelled, writing nothing.
 */
class ExporterConformanceTest {
    @TempDir
    Path dir;

    static Stream<ExportFormat> exporters() {
        return ExportTestSupport.engine().exports().exporters().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exporters")
    void describesItself(ExportFormat format) {
        assertThat(format.id()).matches("[a-z][a-z0-9-]*");
        assertThat(format.name()).isNotBlank();
        assertThat(format.description()).isNotBlank();
        assertThat(format.input()).isNotNull();
        assertThat(exporters().filter(f -> f.id().equals(format.id()))).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exporters")
    void writesOnlyItsListedFilesIntoTheFolderDeterministically(ExportFormat format) throws Exception {
        Engine engine = ExportTestSupport.engine();
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path keep = out.resolve("notes.txt");
        AtomicFiles.writeString(keep, "mine");
        ExportReport first = export(engine, format, out, TaskMonitor.NONE);
        assertThat(first.format()).isEqualTo(format.id());
        assertThat(first.files()).isNotEmpty();
        Set<Path> listed = new HashSet<>(first.files());
        assertThat(listed).hasSameSizeAs(first.files());
        for (Path p : first.files()) {
            assertThat(p.getParent()).isEqualTo(out.toAbsolutePath().normalize());
            assertThat(p).isRegularFile();
        }
        try (Stream<Path> all = Files.list(out)) {
            assertThat(all.filter(p -> !p.equals(keep.toAbsolutePath().normalize()) && !p.equals(keep)).toList())
                    .as("nothing but the listed files").allMatch(listed::contains);
        }
        assertThat(Files.readString(keep)).isEqualTo("mine");
        try (Stream<Path> above = Files.list(dir)) {
            assertThat(above.toList()).containsExactly(out);
        }
        List<byte[]> bytes = first.files().stream().map(ExporterConformanceTest::read).toList();
        ExportReport second = export(engine, format, out, TaskMonitor.NONE);
        assertThat(second.files()).isEqualTo(first.files());
        for (int i = 0; i < bytes.size(); i++) {
            assertThat(read(second.files().get(i))).as("%s is the same when written again", second.files().get(i))
                    .isEqualTo(bytes.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exporters")
    void refusesWhatItCannotTakeAndWritesNothing(ExportFormat format) {
        Engine engine = ExportTestSupport.engine();
        Path out = dir.resolve("refused");
        if (format.input() == ExportInput.DEFINITION) {
            // a definition without a data set or training section cannot become a training script
            var def = engine.definitions().sample("fashion-bcnn");
            var bare = new dev.bitflow.engine.api.definition.NetworkDefinition(def.formatVersion(), def.name(),
                    def.description(), def.input(), def.layers(), null, null);
            assertThatThrownBy(() -> engine.exports().export(format.id(), bare, null, out, TaskMonitor.NONE))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("needs");
        } else {
            assertThatThrownBy(() -> engine.exports().export(format.id(), engine.definitions().sample("fashion-bcnn"),
                    null, out, TaskMonitor.NONE)).isInstanceOf(BadInputException.class).hasMessageContaining("needs");
        }
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exporters")
    void stopsWhenCancelledAndWritesNothing(ExportFormat format) {
        Engine engine = ExportTestSupport.engine();
        Path out = dir.resolve("cancelled");
        TaskMonitor cancelled = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> export(engine, format, out, cancelled)).isInstanceOf(CancelledException.class);
        assertThat(out).doesNotExist();
    }

    /** Exports the sample model in the form the format needs. */
    private static ExportReport export(Engine engine, ExportFormat format, Path out, TaskMonitor monitor) {
        return switch (format.input()) {
            case DEFINITION -> engine.exports().export(format.id(), engine.definitions().sample("fashion-bcnn"), null,
                    out, monitor);
            case FUSED -> engine.exports().export(format.id(), engine.fusion().loadFused(ExportTestSupport.SAMPLE_BFF),
                    ExportTestSupport.SAMPLE_BFF, out, monitor);
            case TRAINED_OR_FUSED -> {
                TrainedModel model = engine.training().load(ExportTestSupport.SAMPLE_BFM);
                yield engine.exports().export(format.id(), model, ExportTestSupport.SAMPLE_BFM, out, monitor);
            }
        };
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
