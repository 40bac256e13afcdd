package dev.bitflow.engine.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputGuardTest {
    private static final String DEFINITION = "{\n  \"format\": \"bitflow-definition\",\n  \"version\": 1\n}\n";

    @TempDir
    Path dir;

    private OutputGuard guard() {
        return new OutputGuard(false, "use --force to replace it");
    }

    @Test
    void anOutputThatIsAnInputIsRefusedHoweverItIsSpelled() throws IOException {
        Path def = Files.writeString(dir.resolve("d.bitflow.json"), DEFINITION);
        Files.createDirectories(dir.resolve("sub"));
        Path symlink = Files.createSymbolicLink(dir.resolve("link.bfm"), def);
        Path hardLink = Files.createLink(dir.resolve("hard.bfm"), def);
        for (Path spelling : new Path[] {def, dir.resolve("sub/../d.bitflow.json"), dir.resolve("./d.bitflow.json"),
                symlink, hardLink}) {
            assertThatThrownBy(() -> guard().input("the definition", def).output("--out", spelling, FileKind.TRAINED_MODEL))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("is the same file as the definition")
                    .hasMessageContaining(spelling.toString());
        }
        assertThat(Files.readString(def)).isEqualTo(DEFINITION);
    }

    @Test
    void twoOutputsMayNotBeOneFileButAContinuedInputMayBeRewritten() throws IOException {
        Files.createDirectories(dir.resolve("x"));
        OutputGuard g = guard();
        g.output("--out", dir.resolve("m.bfm"), FileKind.TRAINED_MODEL);
        assertThatThrownBy(() -> g.output("--checkpoint", dir.resolve("x/../m.bfm"), FileKind.CHECKPOINT))
                .hasMessageContaining("--checkpoint").hasMessageContaining("are the same file");

        Path ckpt = Files.writeString(dir.resolve("c.ckpt.bfm"), "");
        OutputGuard resumed = guard().input("--resume", ckpt);
        assertThat(resumed.output("--checkpoint", ckpt, FileKind.CHECKPOINT, ckpt)).isEqualTo(ckpt);
        assertThatThrownBy(() -> resumed.output("--out", ckpt, FileKind.TRAINED_MODEL))
                .hasMessageContaining("same file as --resume");
    }

    @Test
    void aFileOfAnotherKindIsReplacedOnlyWhenForced() throws IOException {
        Path def = Files.writeString(dir.resolve("net.bfm"), DEFINITION);
        assertThatThrownBy(() -> guard().output("--out", def, FileKind.TRAINED_MODEL))
                .hasMessageContaining("net.bfm is a network definition; writing a trained model would destroy it")
                .hasMessageContaining("use --force");
        assertThat(new OutputGuard(true, "").output("--out", def, FileKind.TRAINED_MODEL)).isEqualTo(def);

        Path notes = Files.writeString(dir.resolve("notes.csv"), "my own data\n");
        assertThatThrownBy(() -> guard().output("--curve", notes, FileKind.LEARNING_CURVE))
                .hasMessageContaining("a file of another program");
        Path oldCurve = Files.writeString(dir.resolve("curve.csv"), "epoch,trainLoss\n1,0.5\n");
        assertThat(guard().output("--curve", oldCurve, FileKind.LEARNING_CURVE)).isEqualTo(oldCurve);
        Path empty = Files.createFile(dir.resolve("empty.bff"));
        assertThat(guard().output("--out", empty, FileKind.FUSED_MODEL)).isEqualTo(empty);
    }

    @Test
    void foldersAreNeverCreatedAndMustBeFolders() throws IOException {
        Path missing = dir.resolve("no/such/folder/m.bfm");
        assertThatThrownBy(() -> guard().output("--out", missing, FileKind.TRAINED_MODEL))
                .hasMessageContaining("does not exist (folders are not created");
        assertThat(dir.resolve("no")).doesNotExist();

        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> guard().output("--out", file.resolve("m.bfm"), FileKind.TRAINED_MODEL))
                .hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> guard().output("--out", dir, FileKind.TRAINED_MODEL))
                .hasMessageContaining("is a folder");
    }

    @Test
    void aFolderNobodyMayWriteIsFoundBeforeTheWork() {
        // sysfs refuses new files even to root, so this holds whoever runs the build
        Path sys = Path.of("/sys/m.bfm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys.getParent()), "no /sys on this system");
        assertThatThrownBy(() -> guard().output("--out", sys, FileKind.TRAINED_MODEL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--out /sys/m.bfm: cannot write in /sys: permission denied");
    }

    @Test
    void staleTemporariesOfKilledWritesAreRemovedOthersAreKept() throws IOException {
        FileTime beforeThisProcess = FileTime.from(Instant.now().minusSeconds(24 * 3600));
        Path stale = Files.writeString(dir.resolve(".m.bfm.bitflow-0123456789abcdef.tmp"), "half");
        Files.setLastModifiedTime(stale, beforeThisProcess);
        Path fresh = Files.writeString(dir.resolve(".m.bfm.bitflow-fedcba9876543210.tmp"), "being written now");
        Path foreign = Files.writeString(dir.resolve(".notes.abc.tmp"), "not ours");
        Files.setLastModifiedTime(foreign, beforeThisProcess);

        guard().output("--out", dir.resolve("m.bfm"), FileKind.TRAINED_MODEL);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(foreign).exists();
    }

    @Test
    void sameFileComparesFilesNotStrings() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "1");
        assertThat(OutputGuard.sameFile(a, dir.resolve("x/../a"))).isTrue();
        assertThat(OutputGuard.sameFile(dir.resolve("new"), dir.resolve("./new"))).isTrue();
        assertThat(OutputGuard.sameFile(a, dir.resolve("b"))).isFalse();
    }
}
