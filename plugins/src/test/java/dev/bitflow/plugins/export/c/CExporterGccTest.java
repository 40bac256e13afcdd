package dev.bitflow.plugins.export.c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.plugins.export.ExportTestSupport;
import dev.bitflow.plugins.export.tools.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported C is bit-exact: compiled with {@code gcc -std=c99 -Wall -Werror -O2}, its harness gives every
 * prediction and every bit of every middle layer that the Java fused engine gives, on the whole mini test set.
 */
class CExporterGccTest {
    static final List<String> GCC_FLAGS = List.of("-std=c99", "-Wall", "-Werror", "-O2");

    @TempDir
    Path dir;

    @Test
    void sampleModelMatchesTheJavaFusedEngineBitForBit() throws Exception {
        Engine engine = ExportTestSupport.engine();
        FusedModel fused = engine.fusion().loadFused(ExportTestSupport.SAMPLE_BFF);
        assertBitExact(engine, fused, 0);
    }

    @Test
    void variedNetworksMatchBitForBit() throws Exception {
        // flips, constant channels, AND pools, +1 / -1 padding, stride 2, 70 and 33 channels, a binary output layer
        // with BatchNorm, a dense first layer and a 2-class subset
        Engine engine = ExportTestSupport.engine();
        for (String json : List.of(ExportTestSupport.VARIED_CONV_NET, ExportTestSupport.DENSE_FIRST_NET)) {
            NetworkDefinition def = engine.definitions().parse(json, "test");
            for (long seed = 1; seed <= 2; seed++) {
                TrainedModel model = ExportTestSupport.randomModel(engine, def, seed);
                Path sub = dir.resolve(def.name().replace(' ', '-') + "-" + seed);
                ExportReport r = engine.exports().export("c", model, null, sub.resolve("probe"), TaskMonitor.NONE);
                assertThat(r.files()).isNotEmpty();
                FusedModel fused = fusedOf(engine, model, sub);
                assertBitExact(engine, fused, 300, sub);
            }
        }
    }

    @Test
    void cortexM4BuildReportsFlashAndRamBesideTheLedger() throws Exception {
        assumeTrue(CortexM4Size.available(), "arm-none-eabi-gcc is not installed (apt-get install gcc-arm-none-eabi);"
                + " the Cortex-M4 size check needs it");
        Engine engine = ExportTestSupport.engine();
        FusedModel fused = engine.fusion().loadFused(ExportTestSupport.SAMPLE_BFF);
        ExportReport report = engine.exports().export("c", fused, ExportTestSupport.SAMPLE_BFF, dir, TaskMonitor.NONE);
        java.util.Map<String, Long> f = new java.util.HashMap<>();
        report.figures().forEach(x -> f.put(x.name(), x.value()));
        long ledger = f.get("ledger fusedBytes");
        // the flash holds the packed weights, shifts, thresholds and float layers the ledger counts, plus code
        assertThat(f.get("flash (text + data)")).isBetween(ledger, ledger + 16_384);
        // the RAM holds the work buffer, the float input and the scores
        assertThat(f.get("RAM (data + bss + stack)")).isGreaterThanOrEqualTo(6272 + 3136 + 40);
        String source = Files.readString(report.files().get(1));
        String binaryLayers = source.substring(source.indexOf("static void layer1("), source.indexOf("/* Output layer"));
        assertThat(binaryLayers).as("no floating point between the first and the last layer")
                .doesNotContain("float", "double");
        assertThat(source).doesNotContain("malloc(", "free(", "#include <math.h>", "#include <stdio.h>", "#include <stdlib.h>");
    }

    /** The fused form of a trained model, through a .bff file (what a user would export from). */
    private static FusedModel fusedOf(Engine engine, TrainedModel model, Path dir) throws Exception {
        Path bfm = dir.resolve("model.bfm");
        Path bff = dir.resolve("model.bff");
        engine.training().save(model, bfm);
        engine.fusion().fuse(bfm, bff, TaskMonitor.NONE);
        return engine.fusion().loadFused(bff);
    }

    /** Exports {@code fused}, builds the harness and compares it with the Java fused engine on the mini test set. */
    static void assertBitExact(Engine engine, FusedModel fused, int limit, Path dir) throws Exception {
        ExternalTool gcc = ExternalTool.find("gcc").orElse(null);
        assumeTrue(gcc != null, "gcc is not installed (apt-get install gcc); the C bit-exactness check needs it");
        ExportReport report = engine.exports().export("c", fused, null, dir.resolve("out"), TaskMonitor.NONE);
        Path out = report.directory();
        String base = report.files().get(0).getFileName().toString().replace(".h", "");
        List<String> args = new ArrayList<>(GCC_FLAGS);
        args.addAll(List.of("-o", "harness", base + "_harness.c", base + ".c"));
        ExternalTool.Result build = gcc.run(out, args, 300, TaskMonitor.NONE);
        assertThat(build.ok()).as("gcc output:\n%s", build.output()).isTrue();

        Path images = dir.resolve("images.idx");
        int n = ExportTestSupport.writeTestImages(engine, fused.definition(), DataLocation.mini(), limit, images);
        Path trace = dir.resolve("trace.txt");
        Process p = new ProcessBuilder(out.resolve("harness").toString(), images.toString(), "--trace")
                .redirectOutput(trace.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        Predictions java = engine.fusion().predict(fused, DataLocation.mini(), n, true, TaskMonitor.NONE);
        assertThat(java.examples()).isEqualTo(n);
        int layers = java.layerBits().get(0).size();
        long bitsCompared = 0;
        int image = 0;
        try (BufferedReader r = Files.newBufferedReader(trace, StandardCharsets.US_ASCII)) {
            for (int e = 0; e < n; e++) {
                List<ActivationMap> expected = java.layerBits().get(e);
                for (int l = 0; l < layers; l++) {
                    String[] f = r.readLine().split(" ");
                    ActivationMap m = expected.get(l);
                    assertThat(f[0]).isEqualTo(Integer.toString(e));
                    assertThat(f[1]).isEqualTo("L" + l);
                    assertThat(new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])})
                            .as("shape of layer %d (%s)", l, m.layer())
                            .containsExactly(m.channels(), m.height(), m.width());
                    assertThat(f[5]).as("bits of layer %d (%s), image %d", l, m.layer(), e)
                            .isEqualTo(ExportTestSupport.cWords(m));
                    bitsCompared += (long) m.channels() * m.height() * m.width();
                }
                String[] pred = r.readLine().split(" ");
                assertThat(pred).containsExactly(Integer.toString(e), Integer.toString(java.predicted(e)));
                image++;
            }
            assertThat(r.readLine()).isNull();
        }
        assertThat(image).isEqualTo(n);
        assertThat(bitsCompared).isPositive();
    }

    private void assertBitExact(Engine engine, FusedModel fused, int limit) throws Exception {
        assertBitExact(engine, fused, limit, dir);
    }
}
