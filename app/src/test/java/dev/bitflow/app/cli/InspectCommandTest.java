package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    private static Engine engine;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void engine() {
        engine = EngineProvider.load().create(PluginHost.discover(InspectCommandTest.class.getClassLoader()));
    }

    private int run(String... args) {
        return new BitflowCli(new CliContext(engine, new PrintWriter(out), new PrintWriter(err))).execute(args);
    }

    private static Path sampleFile(String name) {
        // the CLI is usually given a file; the samples sit at the top of sample-models/
        return Path.of("..", "sample-models", name + ".bitflow.json");
    }

    @Test
    void alexnetJsonTotalsAreTheGoldenNumbers() throws Exception {
        assertThat(run("inspect", sampleFile("bitflow-alexnet").toString(), "--format", "json")).isZero();
        JsonNode t = new ObjectMapper().readTree(out.toString()).get("totals");
        assertThat(t.get("params").asLong()).isEqualTo(62_378_344L);
        assertThat(t.get("binaryWeights").asLong()).isEqualTo(58_236_928L);
        assertThat(t.get("fp32Bytes").asLong()).isEqualTo(249_513_376L);
        assertThat(t.get("macs").asLong()).isEqualTo(1_135_256_096L);
        assertThat(t.get("binaryMacs").asLong()).isEqualTo(1_025_744_896L);
        assertThat(t.get("fusedBytes").asLong()).isEqualTo(23_826_348L);
        assertThat(t.get("bnParams").asLong()).isEqualTo(38_272L);
        assertThat(t.get("middleFloatMultiplications").asLong()).isPositive(); // SF and BN, unfused
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void fusedHasNoFloatMultiplicationsInTheMiddle() throws Exception {
        assertThat(run("inspect", sampleFile("bitflow-alexnet").toString(), "--format", "json", "--fused")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("fused").asBoolean()).isTrue();
        assertThat(root.get("totals").get("middleFloatMultiplications").asLong()).isZero();
        assertThat(root.get("layers")).hasSize(27);
        JsonNode conv2 = root.get("layers").get(4);
        assertThat(conv2.get("name").asText()).isEqualTo("conv2");
        assertThat(conv2.get("batchShiftMinBits").asInt()).isEqualTo(13);
        assertThat(conv2.get("outputPrecision").asText()).isEqualTo("binary");
    }

    @Test
    void handsVariantFusedSize() throws Exception {
        assertThat(run("inspect", sampleFile("bitflow-alexnet-hands").toString(), "--format", "json")).isZero();
        long fused = new ObjectMapper().readTree(out.toString()).get("totals").get("fusedBytes").asLong();
        assertThat(fused / 1e6).isBetween(7.45, 7.55);
    }

    @Test
    void tableCsvAndMarkdown() {
        assertThat(run("inspect", "fashion-bcnn")).isZero();
        String table = out.toString();
        assertThat(table).contains("Ledger of fashion-bcnn (as defined)").contains("conv2").contains("fusedBytes")
                .contains("1,700,650");
        out.getBuffer().setLength(0);
        assertThat(run("inspect", "fashion-bcnn", "--format", "csv")).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("index,name,type,region,input,output,weightPrecision");
        assertThat(lines).hasSize(1 + 17 + 1);
        assertThat(lines[1]).startsWith("0,conv1,conv2d,first,1x28x28,32x28x28,float,");
        assertThat(lines[18]).startsWith(",TOTAL,");
        out.getBuffer().setLength(0);
        assertThat(run("inspect", "fashion-bcnn", "--format", "md", "--fused")).isZero();
        assertThat(out.toString()).contains("## Ledger of fashion-bcnn (after BatchShift fusion)")
                .contains("| middleFloatMultiplications | 0 |");
    }

    @Test
    void badFileExitsTwoWithMessage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.bitflow.json");
        Files.writeString(f, Files.readString(sampleFile("fashion-bcnn")).replace("\"kernel\": 3,", "\"kernel\": -3,"));
        assertThat(run("inspect", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + f + ": line 8: $.layers[0].kernel: must be >= 1, found -3")
                .doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileAndBadFormatExitTwo() {
        assertThat(run("inspect", "no-such.bitflow.json")).isEqualTo(2);
        assertThat(err.toString()).contains("no-such.bitflow.json: no such file");
        err.getBuffer().setLength(0);
        assertThat(run("inspect", "fashion-bcnn", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--format", "'xml' is not one of table, json, csv, md");
    }

    @Test
    void shapeErrorsExitTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("shape.bitflow.json");
        Files.writeString(f, Files.readString(sampleFile("fashion-bcnn")).replace("\"kernel\": 3,", "\"kernel\": 31,"));
        assertThat(run("inspect", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot build the ledger of 'fashion-bcnn'").contains("kernel 31 is larger");
    }

    @Test
    void checkCommand(@TempDir Path dir) throws Exception {
        assertThat(run("check", "fashion-bcnn")).isZero();
        assertThat(out.toString()).contains("0 error(s), 0 warning(s)").contains("32x14x14");
        out.getBuffer().setLength(0);
        Path f = dir.resolve("nosoftmax.bitflow.json");
        String text = Files.readString(sampleFile("fashion-bcnn"));
        Files.writeString(f, text.replace(",\n    {\"type\": \"softmax\", \"name\": \"softmax\"}", ""));
        assertThat(run("check", f.toString(), "--format", "json")).isEqualTo(1);
        JsonNode issues = new ObjectMapper().readTree(out.toString()).get("issues");
        assertThat(issues.toString()).contains("MISSING_SOFTMAX");
    }

    @Test
    void trainedAndFusedModelFilesAreInspectedThroughTheirStoredDefinition(@TempDir Path dir) throws Exception {
        Path bfm = RandomModelFiles.write(dir.resolve("m.bfm"),
                engine.definitions().load(sampleFile("fashion-bcnn")), 5);
        assertThat(run("inspect", bfm.toString(), "--format", "json")).isZero();
        JsonNode asTrained = new ObjectMapper().readTree(out.toString()).get("totals");
        assertThat(asTrained.get("params").asLong()).isEqualTo(1_700_650L);
        assertThat(asTrained.get("middleFloatMultiplications").asLong()).isPositive();

        Path bff = dir.resolve("m.bff");
        assertThat(run("fuse", bfm.toString(), "--out", bff.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("inspect", bff.toString(), "--format", "json")).isZero();
        JsonNode asFused = new ObjectMapper().readTree(out.toString()).get("totals");
        assertThat(asFused.get("params").asLong()).isEqualTo(1_700_650L);
        assertThat(asFused.get("middleFloatMultiplications").asLong()).isZero();
    }
}
