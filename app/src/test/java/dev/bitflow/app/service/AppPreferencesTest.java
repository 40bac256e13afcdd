package dev.bitflow.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPreferencesTest {
    @TempDir
    Path dir;

    @Test
    void recentFilesAreMostRecentFirstWithoutDuplicatesAndBounded() {
        AppPreferences p = new AppPreferences(dir);
        for (int i = 0; i < 10; i++) {
            p.addRecentFile(dir.resolve("n" + i + ".bitflow.json"));
        }
        p.addRecentFile(dir.resolve("n5.bitflow.json"));
        assertThat(p.recentFiles()).hasSize(AppPreferences.MAX_RECENT);
        assertThat(p.recentFiles().get(0)).isEqualTo(dir.resolve("n5.bitflow.json"));
        assertThat(p.recentFiles().get(1)).isEqualTo(dir.resolve("n9.bitflow.json"));
        assertThat(p.recentFiles()).doesNotHaveDuplicates().doesNotContain(dir.resolve("n0.bitflow.json"));
    }

    @Test
    void settingsSurviveARestart() {
        AppPreferences p = new AppPreferences(dir);
        p.setDarkTheme(true);
        p.addRecentFile(dir.resolve("a.bitflow.json"));
        AppPreferences again = new AppPreferences(dir);
        assertThat(again.darkTheme()).isTrue();
        assertThat(again.recentFiles()).containsExactly(dir.resolve("a.bitflow.json"));
    }

    @Test
    void aDamagedSettingsFileFallsBackToDefaults() throws Exception {
        Files.writeString(dir.resolve("workbench.properties"), "theme.dark=\\u12");
        AppPreferences p = new AppPreferences(dir);
        assertThat(p.darkTheme()).isFalse();
        assertThat(p.recentFiles()).isEmpty();
    }
}
