package dev.bitflow.plugins.export.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.export.ExportTestSupport;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both exported ONNX files run in ONNX Runtime and predict what the workbench predicts on every image of the mini
 * test set: the float file as the trained model's float forward pass, the fused file as the fused engine.
 */
class OnnxRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void floatAndFusedFilesPredictLikeTheWorkbench() throws Exception {
        Engine engine = ExportTestSupport.engine();
        TrainedModel trained = engine.training().load(ExportTestSupport.SAMPLE_BFM);
        ExportReport report = engine.exports().export("onnx", trained, ExportTestSupport.SAMPLE_BFM, dir,
                TaskMonitor.NONE);
        assertThat(report.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("fashion_bcnn-float.onnx", "fashion_bcnn-fused.onnx");

        Predictions floatPath = engine.training().predict(trained, DataLocation.mini(), 0, TaskMonitor.NONE);
        FusedModel fused = engine.fusion().loadFused(ExportTestSupport.SAMPLE_BFF);
        Predictions fusedPath = engine.fusion().predict(fused, DataLocation.mini(), 0, false, TaskMonitor.NONE);

        assertSamePredictions(engine, trained.definition(), report.files().get(0), floatPath);
        assertSamePredictions(engine, trained.definition(), report.files().get(1), fusedPath);
    }

    @Test
    void variedNetworksPredictLikeTheWorkbench() throws Exception {
        // +1 / -1 padding (Pad), stride 2, AND pools (min as -MaxPool(-x)), constant channels, a binary output layer
        // with BatchNorm; a dense first layer on a 2-class subset
        Engine engine = ExportTestSupport.engine();
        for (String json : java.util.List.of(ExportTestSupport.VARIED_CONV_NET, ExportTestSupport.DENSE_FIRST_NET)) {
            NetworkDefinition def = engine.definitions().parse(json, "test");
            TrainedModel model = ExportTestSupport.randomModel(engine, def, 11);
            Path out = dir.resolve(def.name().replace(' ', '-'));
            ExportReport report = engine.exports().export("onnx", model, null, out, TaskMonitor.NONE);
            assertThat(report.files()).hasSize(2);
            Path bfm = out.resolve("model.bfm");
            Path bff = out.resolve("model.bff");
            engine.training().save(model, bfm);
            engine.fusion().fuse(bfm, bff, TaskMonitor.NONE);
            FusedModel fused = engine.fusion().loadFused(bff);
            assertSamePredictions(engine, def, report.files().get(0),
                    engine.training().predict(model, DataLocation.mini(), 300, TaskMonitor.NONE));
            assertSamePredictions(engine, def, report.files().get(1),
                    engine.fusion().predict(fused, DataLocation.mini(), 300, false, TaskMonitor.NONE));
        }
    }

    @Test
    void aFusedModelExportsOnlyTheFusedFileAndSaysWhy() {
        Engine engine = ExportTestSupport.engine();
        FusedModel fused = engine.fusion().loadFused(ExportTestSupport.SAMPLE_BFF);
        ExportReport report = engine.exports().export("onnx", fused, ExportTestSupport.SAMPLE_BFF, dir,
                TaskMonitor.NONE);
        assertThat(report.files()).extracting(p -> p.getFileName().toString()).containsExactly("fashion_bcnn-fused.onnx");
        assertThat(report.notes()).anyMatch(n -> n.contains("no float model"));
    }

    /** Runs {@code onnx} on the test images in the order of {@code expected} and compares every prediction. */
    static void assertSamePredictions(Engine engine, NetworkDefinition def, Path onnx, Predictions expected)
            throws Exception {
        int n = expected.examples();
        float[][] logits = run(engine, def, onnx, n);
        int agree = 0;
        for (int e = 0; e < n; e++) {
            agree += argmax(logits[e]) == expected.predicted(e) ? 1 : 0;
        }
        assertThat(agree).as("%s: predictions equal to the workbench's", onnx.getFileName()).isEqualTo(n);
    }

    /** ONNX Runtime's class scores for the first {@code n} test images of the definition's data set (mini). */
    static float[][] run(Engine engine, NetworkDefinition def, Path onnx, int n) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        var in = def.input();
        int size = (int) in.size();
        float[] values = new float[n * size];
        for (int e = 0; e < n; e++) {
            ImageSample s = engine.datasets().sample(def.dataset(), DataLocation.mini(), DataSplit.TEST, e);
            int[] pixels = s.pixels();
            for (int i = 0; i < size; i++) {
                values[e * size + i] = def.dataset().normalization() == Normalization.MINUS_ONE_TO_ONE
                        ? pixels[i] / 127.5f - 1f : pixels[i] / 255f;
            }
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx.toString(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(values),
                         new long[] {n, in.channels(), in.height(), in.width()});
                 OrtSession.Result result = session.run(Map.of(OnnxModels.INPUT, input))) {
                return (float[][]) result.get(0).getValue();
            }
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
