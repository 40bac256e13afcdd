package dev.bitflow.engine.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.txt");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.write(target, out -> {
            out.write("second".getBytes(StandardCharsets.UTF_8));
            out.close(); // allowed; AtomicFiles still syncs and moves
        });
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(listing()).containsExactly("a.txt");
    }

    @Test
    void failingBodyLeavesOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.bfm");
        AtomicFiles.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        })).hasMessageContaining("disk full");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug in the body");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("model.bfm");
    }

    @Test
    void failingBodyOnNewTargetCreatesNothing() {
        Path target = dir.resolve("new.bfm");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IOException("nope");
        }));
        assertThat(listing()).isEmpty();
    }

    @Test
    void createsMissingParentFoldersAndRefusesFolders() throws IOException {
        Path nested = dir.resolve("x/y/z.bin");
        AtomicFiles.writeBytes(nested, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(nested)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("x"), "oops"))
                .isInstanceOf(IOException.class).hasMessageContaining("folder");
    }

    @Test
    void finishedFileHasDefaultPermissionsNotPrivateTempPermissions() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "p");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "a");
        if (plain.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void checkWritableLeavesNothingAndNamesTheReason() throws IOException {
        AtomicFiles.checkWritable(dir.resolve("m.bfm"));
        assertThat(listing()).isEmpty();
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> AtomicFiles.checkWritable(file.resolve("m.bfm"))).isInstanceOf(IOException.class);
    }

    @Test
    void aTemporaryFileBeingWrittenIsNeverRemovedEvenWhenOld() throws IOException {
        Path target = dir.resolve("m.bfm");
        int[] removedDuringWrite = {-1};
        AtomicFiles.write(target, out -> {
            out.write(1);
            for (String name : listing()) { // make the live temporary file look like a leftover
                Files.setLastModifiedTime(dir.resolve(name), java.nio.file.attribute.FileTime.fromMillis(0));
            }
            removedDuringWrite[0] = AtomicFiles.removeStaleTemporaries(dir);
        });
        assertThat(removedDuringWrite[0]).isZero();
        assertThat(Files.readAllBytes(target)).containsExactly(1);
        assertThat(listing()).containsExactly("m.bfm");
    }

    private java.util.List<String> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
