package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bitflow activations} on the bundled model and the embedded mini set. */
class ActivationsCommandTest {
    private static final String MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm").toString();
    private static Engine engine;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void engine() {
        engine = EngineProvider.load().create(PluginHost.discover(ActivationsCommandTest.class.getClassLoader()));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new BitflowCli(new CliContext(engine, new PrintWriter(out), new PrintWriter(err))).execute(args);
    }

    @Test
    void jsonHasEveryChannelsRateAndTheCountsAddUp() throws Exception {
        assertThat(run("activations", MODEL, "--data", "mini", "--limit", "40", "--threshold", "0.05", "--format",
                "json")).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("examples").asInt()).isEqualTo(40);
        assertThat(j.get("path").asText()).isEqualTo("FUSED_BITS");
        assertThat(j.get("threshold").asDouble()).isEqualTo(0.05);
        JsonNode layers = j.get("layers");
        assertThat(layers).extracting(l -> l.get("layer").asText()).containsExactly("sign1", "sign2", "sign3", "sign4");
        int channels = 0;
        int nearly = 0;
        for (JsonNode l : layers) {
            JsonNode rates = l.get("plusOneRates");
            assertThat(rates).hasSize(l.get("channels").asInt());
            int n = 0;
            double sum = 0;
            for (JsonNode v : rates) {
                assertThat(v.asDouble()).isBetween(0.0, 1.0);
                n += v.asDouble() <= 0.05 || v.asDouble() >= 0.95 ? 1 : 0;
                sum += v.asDouble();
            }
            assertThat(l.get("nearlyConstant").asInt()).isEqualTo(n);
            assertThat(l.get("meanPlusOneRate").asDouble()).isCloseTo(sum / rates.size(),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(l.get("constantChannels")).hasSize(l.get("constant").asInt());
            channels += rates.size();
            nearly += n;
        }
        assertThat(channels).isEqualTo(32 + 64 + 128 + 256).isEqualTo(j.get("channels").asInt());
        assertThat(j.get("nearlyConstantChannels").asInt()).isEqualTo(nearly);
    }

    @Test
    void tableListsLayersAndWithChannelsEveryRate() {
        assertThat(run("activations", MODEL, "--data", "mini", "--limit", "20", "--channels")).as(err.toString())
                .isZero();
        String text = out.toString();
        assertThat(text).contains("(20 images)").contains("fused bit-level network").contains("sign3")
                .contains("conv3").contains("of 480 channels").contains(" 31:").contains("255:");
    }

    @Test
    void badInputIsNamed() {
        assertThat(run("activations", MODEL, "--data", "mini", "--threshold", "0.7")).isEqualTo(2);
        assertThat(err.toString()).contains("threshold must be in [0, 0.5)");
        assertThat(run("activations", "missing.bfm", "--data", "mini")).isEqualTo(2);
        assertThat(err.toString()).contains("missing.bfm");
    }
}
