package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.NativeBackend;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jNativeBuildTest {
    private static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512cd",
            "avx512vl", "avx512bw", "avx512dq");
    private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma", "f16c");
    private static final Set<String> OLD = Set.of("sse4_2", "avx");
    private static final Set<String> ALL = Set.of("", "-onednn", "-onednn-avx2", "-onednn-avx512");

    @Test
    void theWidestOneDnnBuildTheCpuRunsWins() {
        assertThat(Nd4jNativeBuild.choose(null, AVX512, ALL::contains).suffix()).isEqualTo("-onednn-avx512");
        assertThat(Nd4jNativeBuild.choose(null, AVX2, ALL::contains).suffix()).isEqualTo("-onednn-avx2");
        assertThat(Nd4jNativeBuild.choose(null, OLD, ALL::contains).suffix()).isEqualTo("-onednn");
        assertThat(Nd4jNativeBuild.choose(null, AVX512, ALL::contains).reason()).contains("AVX-512");
    }

    @Test
    void aBuildTheCpuCannotRunIsNeverChosen() {
        // only AVX-512 builds and the plain one present, on an AVX2 machine: the plain one, not the AVX-512 one
        Set<String> present = Set.of("", "-onednn-avx512");
        Nd4jNativeBuild.Choice c = Nd4jNativeBuild.choose(null, AVX2, present::contains);
        assertThat(c.suffix()).isEmpty();
        assertThat(c.available()).containsExactly("");
        // an AVX-512 CPU lacking one of the subsets libnd4j is compiled for is treated as AVX2
        Set<String> partial = Set.of("avx2", "fma", "f16c", "avx512f");
        assertThat(Nd4jNativeBuild.choose(null, partial, ALL::contains).suffix()).isEqualTo("-onednn-avx2");
    }

    @Test
    void theGenericOneDnnBuildBeatsThePlainOne() {
        Set<String> present = Set.of("", "-onednn");
        Nd4jNativeBuild.Choice c = Nd4jNativeBuild.choose(null, AVX512, present::contains);
        assertThat(c.suffix()).isEqualTo("-onednn");
        assertThat(c.available()).containsExactly("-onednn", "");
    }

    @Test
    void theUsersPropertyIsKeptAndNamed() {
        Nd4jNativeBuild.Choice plain = Nd4jNativeBuild.choose("", AVX512, ALL::contains);
        assertThat(plain.suffix()).isEmpty();
        assertThat(plain.reason()).contains(Nd4jNativeBuild.PROPERTY);
        // a property equal to what would be chosen anyway is reported as the choice for the CPU
        assertThat(Nd4jNativeBuild.choose("-onednn-avx512", AVX512, ALL::contains).reason()).contains("AVX-512");
    }

    @Test
    void theLoadedLibraryIsTheChosenOneDnnBuild() {
        NativeBackend before = Nd4jNativeBuild.select().backend();
        Nd4j.create(2, 2).addi(1); // loads ND4J
        NativeBackend after = Nd4jNativeBuild.select().backend();
        assertThat(after.library()).hasValueSatisfying(path -> assertThat(path).contains(after.build()));
        assertThat(after.build()).isEqualTo(before.build());
        // the build's pom ships oneDNN: the test suite runs on it
        assertThat(after.oneDnn()).as(after.describe()).isTrue();
        assertThat(after.describe()).contains("oneDNN").contains("loaded from");
    }
}
