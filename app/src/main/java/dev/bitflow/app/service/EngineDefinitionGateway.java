package dev.bitflow.app.service;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Path;
import java.util.List;

/** {@link DefinitionGateway} on the engine's {@link DefinitionService}. */
public final class EngineDefinitionGateway implements DefinitionGateway {
    /** The sample the workbench opens with. */
    public static final String START_SAMPLE = "fashion-bcnn";

    private final DefinitionService definitions;

    public EngineDefinitionGateway(Engine engine) {
        this.definitions = engine.definitions();
    }

    @Override
    public NetworkDefinition load(Path file) {
        return definitions.load(file);
    }

    @Override
    public void save(NetworkDefinition definition, Path file) {
        definitions.save(definition, file);
    }

    @Override
    public String toJson(NetworkDefinition definition) {
        return definitions.toJson(definition);
    }

    @Override
    public NetworkDefinition parse(String json, String sourceName) {
        return definitions.parse(json, sourceName);
    }

    @Override
    public DefinitionCheck check(NetworkDefinition definition) {
        DesignReport r = definitions.check(definition);
        List<DefinitionCheck.LayerShapes> shapes = r.shapes().stream()
                .map(s -> new DefinitionCheck.LayerShapes(s.layer(), s.input(), s.output())).toList();
        List<DefinitionCheck.Issue> issues = r.issues().stream().map(EngineDefinitionGateway::issue).toList();
        return new DefinitionCheck(shapes, issues);
    }

    private static DefinitionCheck.Issue issue(DesignIssue i) {
        DefinitionCheck.Severity s = switch (i.severity()) {
            case ERROR -> DefinitionCheck.Severity.ERROR;
            case WARNING -> DefinitionCheck.Severity.WARNING;
            case INFO -> DefinitionCheck.Severity.INFO;
        };
        return new DefinitionCheck.Issue(s, i.layer(), i.field(), i.message());
    }

    /** The bundled sample definitions' names. */
    public List<String> sampleNames() {
        return definitions.sampleNames();
    }

    public NetworkDefinition sample(String name) {
        return definitions.sample(name);
    }

    /** The definition the workbench opens with: the {@value #START_SAMPLE} sample. */
    public NetworkDefinition startDefinition() {
        return definitions.sample(START_SAMPLE);
    }
}
