package dev.bitflow.app.viewmodel.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.plugins.host.PluginHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorViewModelTest {
    private final Engine engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
    private final InspectorViewModel vm = new InspectorViewModel(engine.ledger());

    @Test
    void rowsFollowTheDefinitionAndTheFusionToggle() {
        NetworkDefinition d = engine.definitions().sample("fashion-bcnn");
        vm.definitionProperty().set(d);
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.rows()).extracting(LayerLedger::name)
                .containsExactlyElementsOf(d.layers().stream().map(LayerSpec::name).toList());
        assertThat(vm.ledgerProperty().get().fused()).isFalse();
        long bn2Before = vm.rows().stream().filter(r -> r.name().equals("bn2")).findFirst().orElseThrow().channelParamBits();
        assertThat(bn2Before).isPositive();

        vm.fusedProperty().set(true);
        assertThat(vm.ledgerProperty().get().fused()).isTrue();
        LayerLedger bn2 = vm.rows().stream().filter(r -> r.name().equals("bn2")).findFirst().orElseThrow();
        assertThat(bn2.channelParamBits()).as("BN folded into BatchShift").isZero();
        assertThat(bn2.fusedInto()).isEqualTo("conv2");
        assertThat(vm.ledgerProperty().get().totals().middleFloatMultiplications()).isZero();
        assertThat(vm.unfusedLedgerProperty().get().totals().fusedBytes())
                .isEqualTo(vm.fusedLedgerProperty().get().totals().fusedBytes());
    }

    @Test
    void aDefinitionWithShapeErrorsExplainsWhyThereIsNoLedger() {
        NetworkDefinition d = engine.definitions().sample("fashion-bcnn");
        List<LayerSpec> layers = new ArrayList<>(d.layers());
        Conv2dSpec c = (Conv2dSpec) layers.get(8);
        layers.set(8, new Conv2dSpec(c.name(), c.filters(), 9, 1, Padding.VALID, c.weights(), c.scaling(), c.bias()));
        vm.definitionProperty().set(d.withLayers(layers));
        assertThat(vm.ledgerProperty().get()).isNull();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.problemProperty().get()).startsWith("No ledger for fashion-bcnn: ");
        vm.definitionProperty().set(d);
        assertThat(vm.ledgerProperty().get()).isNotNull();
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void metricsAreReadable() {
        vm.definitionProperty().set(engine.definitions().sample("bitflow-alexnet"));
        var metrics = InspectorViewModel.metrics(vm.ledgerProperty().get().totals());
        assertThat(metrics).extracting(InspectorViewModel.Metric::label)
                .contains("Parameters", "fp32 size", "Fused size", "Compression");
        assertThat(metrics.get(0).value()).isEqualTo("62.38 M");
        assertThat(InspectorViewModel.bytes(249_513_376)).isEqualTo("238 MiB");
        assertThat(InspectorViewModel.count(1_234)).isEqualTo("1234");
        assertThat(InspectorViewModel.percent(0.904)).isEqualTo("90.4%");
    }
}
