package dev.bitflow.engine.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void pathsInANetworkNameNeverLeaveTheFolder() {
        assertThat(FileNames.stem("../../x")).isEqualTo("x");
        assertThat(FileNames.stem("/etc/passwd")).isEqualTo("etc_passwd");
        assertThat(FileNames.stem("a\\..\\b")).isEqualTo("a_.._b");
        assertThat(FileNames.stem("..")).isEqualTo("model");
        assertThat(FileNames.stem(".hidden")).isEqualTo("hidden");
        assertThat(FileNames.stem("--force")).isEqualTo("force");
        assertThat(FileNames.stem("C:\\Windows\\x")).isEqualTo("C_Windows_x");
    }

    @Test
    void controlCharactersSpacesAndEmptyNamesGiveAPlainName() {
        assertThat(FileNames.stem("my net\u001b[2J")).isEqualTo("my_net_2J");
        assertThat(FileNames.stem("")).isEqualTo("model");
        assertThat(FileNames.stem(null)).isEqualTo("model");
        assertThat(FileNames.stem("\u202E\u0000")).isEqualTo("model");
        assertThat(FileNames.stem("nul")).isEqualTo("_nul");
        assertThat(FileNames.stem("fashion-bcnn")).isEqualTo("fashion-bcnn");
        assertThat(FileNames.stem("Größe_1.0")).isEqualTo("Größe_1.0");
        assertThat(FileNames.stem("x".repeat(300))).hasSize(FileNames.MAX_STEM);
    }
}
