package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.model.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API tells the kinds of the files this engine writes from their content, whatever their names. */
class FileKindTest {
    private static final Path SAMPLES = Path.of("..", "sample-models");

    @TempDir
    Path dir;

    @Test
    void theEnginesOwnFilesAreToldApartByContent() throws IOException {
        assertThat(FileKind.of(SAMPLES.resolve("fashion-bcnn.bitflow.json"))).isEqualTo(FileKind.DEFINITION);
        assertThat(FileKind.of(SAMPLES.resolve("fashion-bcnn.bfm"))).isEqualTo(FileKind.TRAINED_MODEL);
        assertThat(FileKind.of(SAMPLES.resolve("fashion-bcnn.bff"))).isEqualTo(FileKind.FUSED_MODEL);

        Path checkpoint = dir.resolve("named-like-a-definition.bitflow.json");
        BfmWriter.write(checkpoint, TinyModels.model(), Map.of("adam/m/x", new Tensor(new int[] {1}, new float[] {0})),
                Map.of("epochsDone", "1"));
        assertThat(FileKind.of(checkpoint)).isEqualTo(FileKind.CHECKPOINT);
        Path model = dir.resolve("model.csv");
        BfmWriter.write(model, TinyModels.model());
        assertThat(FileKind.of(model)).isEqualTo(FileKind.TRAINED_MODEL);
    }

    @Test
    void otherFilesAreOtherEmptyIsEmpty() throws IOException {
        assertThat(FileKind.of(Files.writeString(dir.resolve("a.json"), "{\"format\": \"something-else\"}")))
                .isEqualTo(FileKind.OTHER);
        assertThat(FileKind.of(Files.write(dir.resolve("a.zip"), new byte[] {'P', 'K', 3, 4, 0, 0})))
                .isEqualTo(FileKind.OTHER);
        assertThat(FileKind.of(Files.createFile(dir.resolve("e.bfm")))).isEqualTo(FileKind.EMPTY);
        assertThat(FileKind.of(Files.writeString(dir.resolve("c.csv"), "epoch,trainLoss\n"))).isEqualTo(FileKind.LEARNING_CURVE);
        assertThat(FileKind.of(Files.write(dir.resolve("p"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})))
                .isEqualTo(FileKind.PNG_IMAGE);
    }
}
