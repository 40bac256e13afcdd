package dev.bitflow.engine;

import dev.bitflow.engine.analysis.DefaultLedgerService;
import dev.bitflow.engine.analysis.bench.DefaultBenchService;
import dev.bitflow.engine.analysis.sf.DefaultAnalysisService;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.NativeBackend;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.analysis.AnalysisService;
import dev.bitflow.engine.api.bench.BenchService;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.export.ExportService;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.ledger.LedgerService;
import dev.bitflow.engine.api.runs.RunService;
import dev.bitflow.engine.api.training.TrainingService;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.api.memory.MemoryService;
import dev.bitflow.engine.fusion.DefaultFusionService;
import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.export.DefaultExportService;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.runs.DefaultRunService;
import dev.bitflow.engine.train.DefaultTrainingService;
import dev.bitflow.engine.train.TrainingMemory;
import dev.bitflow.engine.train.Nd4jNativeBuild;

/** The engine's composition: one instance of each service, wired by constructor. */
final class DefaultEngine implements Engine {
    private final PluginCatalog plugins;
    private final DefaultDefinitionService definitions;
    private final DefaultLedgerService ledger;
    private final DefaultDatasetService datasets;
    private final DefaultTrainingService training;
    private final DefaultFusionService fusion;
    private final DefaultBenchService bench;
    private final DefaultAnalysisService analysis;
    private final DefaultMemoryService memory = new DefaultMemoryService(TrainingMemory::estimate);
    private final DefaultExportService exports;
    private final DefaultRunService runs;

    private final Nd4jNativeBuild nativeBuild;

    DefaultEngine(PluginCatalog plugins) {
        this.nativeBuild = Nd4jNativeBuild.select(); // before anything can load ND4J
        this.plugins = plugins;
        this.definitions = new DefaultDefinitionService();
        this.ledger = new DefaultLedgerService();
        this.datasets = new DefaultDatasetService(plugins);
        this.training = new DefaultTrainingService(definitions, datasets, memory);
        this.fusion = new DefaultFusionService(definitions, datasets);
        this.analysis = new DefaultAnalysisService(datasets);
        this.bench = new DefaultBenchService(definitions::load, memory, nativeBuild::backend, datasets::load);
        this.exports = new DefaultExportService(plugins, definitions, fusion, ledger);
        this.runs = new DefaultRunService(definitions, training, fusion);
    }

    @Override
    public DefinitionService definitions() {
        return definitions;
    }

    @Override
    public LedgerService ledger() {
        return ledger;
    }

    @Override
    public DatasetService datasets() {
        return datasets;
    }

    @Override
    public TrainingService training() {
        return training;
    }

    @Override
    public FusionService fusion() {
        return fusion;
    }

    @Override
    public BenchService bench() {
        return bench;
    }

    @Override
    public AnalysisService analysis() {
        return analysis;
    }

    @Override
    public MemoryService memory() {
        return memory;
    }

    @Override
    public ExportService exports() {
        return exports;
    }

    @Override
    public NativeBackend nativeBackend() {
        return nativeBuild.backend();
    }

    @Override
    public RunService runs() {
        return runs;
    }

    @Override
    public PluginCatalog plugins() {
        return plugins;
    }

    @Override
    public void close() {
        datasets.close();
    }
}
