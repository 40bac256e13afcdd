package dev.bitflow.engine.api;

import dev.bitflow.engine.api.analysis.AnalysisService;
import dev.bitflow.engine.api.bench.BenchService;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.export.ExportService;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.ledger.LedgerService;
import dev.bitflow.engine.api.runs.RunService;
import dev.bitflow.engine.api.training.TrainingService;

/**
 * The engine as the app and the command line see it: one facade per concern, along the data flow
 * definition -> train -> fuse -> analyse/verify/bench. Obtain one with {@link EngineProvider}.
 */
public interface Engine extends AutoCloseable {
    /** Load, save, check and infer shapes of network definitions. */
    DefinitionService definitions();

    /** Per-layer memory and operation accounting, before and after fusion. */
    LedgerService ledger();

    /** The data sets the plugins provide, and views of them. */
    DatasetService datasets();

    /** Training, evaluation, trained model files. */
    TrainingService training();

    /** BatchShift fusion, fused model files, verification. */
    FusionService fusion();

    /** Timing of the bit-level kernels against ND4J's float ops. */
    BenchService bench();

    /** Analyses of trained models: the SF cancellation report. */
    AnalysisService analysis();

    /** Memory estimates and the budget training and bench are held to. */
    dev.bitflow.engine.api.memory.MemoryService memory();

    /** Models out and in: the export and import formats of the plugins (C, ONNX, PyTorch, npz). */
    ExportService exports();

    /**
     * The native ND4J build this engine runs its float ops on (chosen for this CPU when the engine was created), and
     * the library file once ND4J is loaded. Does not load ND4J.
     */
    NativeBackend nativeBackend();

    /** Runs workspaces: every training run kept in its own folder, listed, renamed, deleted. */
    RunService runs();

    /** The plugins this engine was created with. */
    PluginCatalog plugins();

    /**
     * Releases what the engine holds open: the data splits it opened for reading (file handles, temporary copies of
     * compressed files). Views of them can no longer be read; the engine must not be used afterwards.
     */
    @Override
    void close();
}
