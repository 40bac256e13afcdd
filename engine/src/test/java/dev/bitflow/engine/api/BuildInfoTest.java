package dev.bitflow.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void theVersionIsThePomsVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        int artifact = pom.indexOf("<artifactId>bitflow-parent</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        assertThat(BuildInfo.version()).isEqualTo(pom.substring(start, pom.indexOf("</version>", start)));
    }
}
