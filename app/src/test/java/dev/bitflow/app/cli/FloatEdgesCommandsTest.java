package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuse} and {@code verify} on the trained sample model with crafted BatchNorm, weight and bias values at
 * float32's edges, one test per class of edge: the fusion refuses (exit 2, the layer and the reason named, no file
 * written) or the verdict tells the truth in words and exit code.
 */
class FloatEdgesCommandsTest {
    private static final String LIMIT = "100";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        PluginHost host = PluginHost.discover(getClass().getClassLoader(), dir.resolve("plugins"));
        CliContext ctx = new CliContext(EngineProvider.load().create(host), new PrintWriter(out), new PrintWriter(err));
        return new BitflowCli(ctx).execute(args);
    }

    private JsonNode verifyJson(Path model) throws Exception {
        run("verify", model.toString(), "--data", "mini", "--limit", LIMIT, "--format", "json");
        return new ObjectMapper().readTree(out.toString());
    }

    /** fuse and verify both refuse with exit 2 and name the layer and every word of the reason. */
    private void refused(Path model, String layer, String... reason) {
        Path bff = dir.resolve("refused.bff");
        assertThat(run("fuse", model.toString(), "--out", bff.toString())).as(out.toString())
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("not fusable exactly", "layer '" + layer + "'").contains(reason);
        assertThat(bff).doesNotExist();
        String fuseError = err.toString();
        assertThat(run("verify", model.toString(), "--data", "mini", "--limit", LIMIT))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo(fuseError);
    }

    @Test
    void class1OverflowOfAlphaTimesSIsRefusedNotCountedAsTies() {
        // alpha = 1e38: alpha * s overflows for |s| >= 4, where the exact threshold (s >= 8) lies
        Path model = CraftedModels.fashionBcnn().weightMagnitude("conv2", 1e38f).convBias("conv2", -3.3e38f)
                .set("bn2", ParameterSet.MEAN, 3e38f).set("bn2", ParameterSet.BETA, 0f)
                .set("bn2", ParameterSet.GAMMA, 1f).set("bn2", ParameterSet.VAR, 1f).write(dir.resolve("c1.bfm"));
        refused(model, "conv2", "alpha * s overflows float32");
    }

    @Test
    void class2EpsilonBelowFloat32ResolutionIsTheFloatNetworksOwn() throws Exception {
        // eps 1e-50 is 0 in float32: with a zero variance the float network divides by zero
        Path zero = CraftedModels.fashionBcnn().set("bn2", ParameterSet.VAR, 0f).epsilon("bn2", 1e-50)
                .write(dir.resolve("c2-zero.bfm"));
        refused(zero, "bn2", "sigma = sqrt(var + eps) is 0.0 in float32");
        // eps 1e-45 is 2^-149 in float32 (sigma 3.7e-23, not the double's 3.2e-23): fusion uses the float network's
        Path tiny = CraftedModels.fashionBcnn().epsilon("*", 1e-45)
                .set("bn1", ParameterSet.VAR, 0f).set("bn2", ParameterSet.VAR, 0f).set("bn3", ParameterSet.VAR, 0f)
                .set("bn4", ParameterSet.VAR, 0f).scale("bn1", ParameterSet.GAMMA, 3e-23f)
                .scale("bn2", ParameterSet.GAMMA, 3e-23f).scale("bn3", ParameterSet.GAMMA, 3e-23f)
                .scale("bn4", ParameterSet.GAMMA, 3e-23f).write(dir.resolve("c2-tiny.bfm"));
        assertThat(run("fuse", tiny.toString(), "--out", dir.resolve("c2.bff").toString())).as(err.toString()).isZero();
        JsonNode r = verifyJson(tiny);
        assertThat(r.get("mismatchesOutsideTies").asLong()).isZero();
        assertThat(r.get("predictionsAgreeing").asInt()).isEqualTo(100);
        assertThat(r.get("verdict").asText()).isIn("EQUAL", "EQUAL_UP_TO_TIES");
    }

    @Test
    void class3UnderflowIsInsideTheSoundTieBound() throws Exception {
        // gamma and beta scaled by 1e-41: the same function in exact arithmetic, subnormal products in float32 (a
        // purely relative tie bound called 29 of the 37 differing bits of conv1 on these images bugs)
        Path scaled = CraftedModels.fashionBcnn().scale("bn1", ParameterSet.GAMMA, 1e-41f)
                .scale("bn1", ParameterSet.BETA, 1e-41f).scale("bn2", ParameterSet.GAMMA, 1e-41f)
                .scale("bn2", ParameterSet.BETA, 1e-41f).write(dir.resolve("c3.bfm"));
        assertThat(run("fuse", scaled.toString(), "--out", dir.resolve("c3.bff").toString())).isZero();
        JsonNode r = verifyJson(scaled);
        assertThat(r.get("mismatchesOutsideTies").asLong()).isZero();
        assertThat(r.get("ties").asLong()).isPositive();
        assertThat(r.get("predictionsAgreeing").asInt()).isEqualTo(100);
        assertThat(r.get("verdict").asText()).isEqualTo("EQUAL_UP_TO_TIES");
        // subnormal gammas: the float network keeps a few bits; every difference is a tie, the verdict follows
        // the predictions
        Path subnormal = CraftedModels.fashionBcnn().scale("bn2", ParameterSet.GAMMA, 1e-43f)
                .scale("bn2", ParameterSet.BETA, 1e-43f).scale("bn3", ParameterSet.GAMMA, 1e-43f)
                .scale("bn3", ParameterSet.BETA, 1e-43f).write(dir.resolve("c3-subnormal.bfm"));
        int code = run("verify", subnormal.toString(), "--data", "mini", "--limit", LIMIT, "--format", "json");
        r = new ObjectMapper().readTree(out.toString());
        assertThat(r.get("mismatchesOutsideTies").asLong()).isZero();
        assertThat(r.get("ties").asLong()).isPositive();
        boolean allAgree = r.get("predictionsAgreeing").asInt() == 100;
        assertThat(r.get("verdict").asText()).isEqualTo(allAgree ? "EQUAL_UP_TO_TIES" : "DIFFERENT");
        assertThat(code).isEqualTo(allAgree ? BitflowCli.EXIT_OK : BitflowCli.EXIT_FAILED);
    }

    @Test
    void class4ZeroGammaWithAnOverflowingAlphaIsRefused() {
        // the float network computes 0 * Inf = NaN where alpha * s overflows
        Path model = CraftedModels.fashionBcnn().scale("conv2", ParameterSet.WEIGHTS, 1e38f)
                .set("bn2", ParameterSet.GAMMA, 0f).set("bn2", ParameterSet.BETA, 1f).write(dir.resolve("c4.bfm"));
        refused(model, "conv2", "alpha * s overflows float32");
    }

    @Test
    void class5GenuineTiesThatChangePredictionsAreDifferent() throws Exception {
        Path model = CraftedModels.fashionBcnn().meansOnFloat32Ties("conv2", "bn2").meansOnFloat32Ties("conv3", "bn3")
                .write(dir.resolve("c5.bfm"));
        assertThat(run("fuse", model.toString(), "--out", dir.resolve("c5.bff").toString())).isZero();
        int code = run("verify", model.toString(), "--data", "mini", "--limit", LIMIT);
        assertThat(code).as(out.toString()).isEqualTo(BitflowCli.EXIT_FAILED);
        assertThat(out.toString()).contains("verdict                  DIFFERENT", "predictions differ",
                "mismatches outside ties  0", "are float32 rounding ties");
        JsonNode r = verifyJson(model);
        assertThat(r.get("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(r.get("ties").asLong()).isPositive();
        assertThat(r.get("predictionsAgreeing").asInt()).isLessThan(100);
    }

    @Test
    void sfReportRunsOnWhatFuseAcceptsAndRefusesWhatFuseRefuses() throws Exception {
        // alpha about 1e-40 (subnormal) in conv2: fuse accepts; dividing the statistics by alpha overflows float32,
        // so the report keeps alpha on those channels instead of refusing the model
        Path tinyAlpha = CraftedModels.fashionBcnn().scale("conv2", ParameterSet.WEIGHTS, 1e-38f)
                .write(dir.resolve("tiny-alpha.bfm"));
        assertThat(run("fuse", tinyAlpha.toString(), "--out", dir.resolve("tiny.bff").toString())).isZero();
        int code = run("sf-report", tinyAlpha.toString(), "--data", "mini", "--limit", "10", "--train-examples", "40",
                "--format", "json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode conv2 = new ObjectMapper().readTree(out.toString()).get("layers").get(0);
        assertThat(conv2.get("name").asText()).isEqualTo("conv2");
        assertThat(conv2.get("zeroAlpha").asInt()).isEqualTo(64);
        // a model fuse refuses: the same reason, word for word
        Path overflow = CraftedModels.fashionBcnn().scale("conv2", ParameterSet.WEIGHTS, 1e38f)
                .write(dir.resolve("overflow.bfm"));
        assertThat(run("fuse", overflow.toString(), "--out", dir.resolve("o.bff").toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        String fuseError = err.toString();
        assertThat(run("sf-report", overflow.toString(), "--data", "mini", "--limit", "10", "--train-examples", "40"))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo(fuseError).contains("alpha * s overflows float32");
    }

    @Test
    void theUnchangedSampleIsEqualAndEvalScoresTheBfmAndTheBffAlike() throws Exception {
        Path model = CraftedModels.fashionBcnn().write(dir.resolve("sample.bfm"));
        int code = run("verify", model.toString(), "--data", "mini", "--limit", LIMIT);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("verdict +EQUAL");
        // eval runs the float network (not ND4J) and the fused network through the same scoring
        Path bff = dir.resolve("sample.bff");
        assertThat(run("fuse", model.toString(), "--out", bff.toString())).isZero();
        run("eval", model.toString(), "--data", "mini", "--format", "json");
        JsonNode trained = new ObjectMapper().readTree(out.toString());
        run("eval", bff.toString(), "--data", "mini", "--format", "json");
        JsonNode fused = new ObjectMapper().readTree(out.toString());
        assertThat(fused.get("accuracy").asDouble()).isEqualTo(trained.get("accuracy").asDouble());
        assertThat(fused.get("loss").asDouble()).isEqualTo(trained.get("loss").asDouble());
        assertThat(fused.get("confusion")).isEqualTo(trained.get("confusion"));
    }
}
