package dev.bitflow.plugins.export.onnx;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.spi.ExportJob;
import dev.bitflow.engine.spi.ModelExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bitflow export onnx MODEL --out DIR}: {@code NAME-float.onnx} (the float network with its latent weights,
 * from a trained model) and {@code NAME-fused.onnx} (the BatchShift-fused network with standard operators only, from
 * a trained model that fuses or a fused model). See {@link OnnxModels} and docs/export.md.
 */
public final class OnnxExporter implements ModelExporter {
    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String displayName() {
        return "ONNX (float and fused)";
    }

    @Override
    public String description() {
        return "The float model as standard ONNX (Conv, BatchNormalization, MaxPool, Gemm, Sign with sign(0) = "
                + "+1 explicit) and the fused model with standard operators only (±1 weights, BatchShift as an int32 "
                + "add and compare), opset 13.";
    }

    @Override
    public ExportInput input() {
        return ExportInput.TRAINED_OR_FUSED;
    }

    @Override
    public ExportReport export(ExportJob job, TaskMonitor monitor) throws IOException {
        String implementation = OnnxExporter.class.getPackage().getImplementationVersion();
        String version = implementation == null ? "development build" : implementation;
        Map<String, String> metadata = OnnxModels.metadata(job.definition());
        List<String> notes = new ArrayList<>();
        if (job.trained() == null && job.fused() == null) {
            job.requireTrained(); // says what is needed
        }
        byte[] floatBytes = null;
        byte[] fusedBytes = null;
        if (job.trained() != null) {
            monitor.progress(0.2, "building the float ONNX model");
            floatBytes = OnnxModels.floatModel(job.definition(), job.shapes(), job.trained().parameterValues(),
                    version, metadata).toByteArray();
        }
        monitor.checkCancelled();
        if (job.fused() != null) {
            monitor.progress(0.6, "building the fused ONNX model");
            fusedBytes = OnnxModels.fusedModel(job.fused().content(), version, metadata).toByteArray();
        }
        monitor.checkCancelled();
        if (floatBytes != null) {
            job.writeBytes(job.baseName() + "-float.onnx", floatBytes);
        } else {
            notes.add("no float model: a fused model holds no float parameters (export the trained .bfm for it)");
        }
        if (fusedBytes != null) {
            job.writeBytes(job.baseName() + "-fused.onnx", fusedBytes);
        } else {
            notes.add("no fused model: " + job.notFusedReason());
        }
        notes.add("input 'input' [batch, C, H, W]: the normalised image (" + metadata.getOrDefault(
                "bitflow.normalization", "as the workbench feeds it") + "); output 'logits' [batch, classes]: class "
                + "scores, the prediction is the largest (opset " + OnnxGraph.OPSET + ")");
        monitor.progress(1.0, "exported ONNX");
        return job.report(List.of(), notes);
    }
}
