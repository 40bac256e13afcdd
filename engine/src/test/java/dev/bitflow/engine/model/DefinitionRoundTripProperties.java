package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code parse(toJson(d)) == d} for arbitrary structurally valid definitions (designs need not be sensible). */
class DefinitionRoundTripProperties {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    @Property(tries = 300)
    void roundTrip(@ForAll("definitions") NetworkDefinition d) {
        String json = service.toJson(d);
        assertThat(service.parse(json, "generated")).isEqualTo(d);
        assertThat(service.toJson(service.parse(json, "generated"))).isEqualTo(json);
    }

    @Provide
    Arbitrary<NetworkDefinition> definitions() {
        Arbitrary<List<LayerSpec>> layers = layer().list().ofMaxSize(12).map(DefinitionRoundTripProperties::renumber);
        Arbitrary<Shape> input = Combinators.combine(Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 300), Arbitraries.integers().between(1, 300)).as(Shape::spatial);
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\n', '"', '\\', 'µ')
                .ofMinLength(0).ofMaxLength(30);
        Arbitrary<DatasetRef> dataset = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.integers().between(0, 50).set().ofMinSize(2).ofMaxSize(5).map(ArrayList::new)
                        .injectNull(0.3), Arbitraries.of(Normalization.class))
                .as((id, cls, n) -> new DatasetRef(id, cls, n));
        return Combinators.combine(text.filter(s -> !s.isBlank()), text, input, layers, training(), dataset)
                .as((name, desc, in, ls, t, ds) -> new NetworkDefinition(1, name, desc, in, ls, t, ds));
    }

    private static List<LayerSpec> renumber(List<LayerSpec> layers) {
        List<LayerSpec> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            out.add(layers.get(i).withName(layers.get(i).type() + "_" + i));
        }
        return out;
    }

    private Arbitrary<TrainingSpec> training() {
        Arbitrary<LrSchedule> schedule = Arbitraries.of(ScheduleKind.class).flatMap(k -> switch (k) {
            case CONSTANT -> Arbitraries.just(LrSchedule.CONSTANT);
            case COSINE -> Arbitraries.just(new LrSchedule(ScheduleKind.COSINE, 0, 1.0, 0.0));
            case STEP -> Combinators.combine(Arbitraries.integers().between(1, 30),
                    Arbitraries.doubles().between(0.01, 1.0).ofScale(12)).as((s, g) -> new LrSchedule(ScheduleKind.STEP, s, g, 0.0));
            case ONE_CYCLE -> Arbitraries.doubles().between(0.0, 0.99).ofScale(12)
                    .map(w -> new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1.0, w));
        });
        return Combinators.combine(Arbitraries.of(Optimizer.class), Arbitraries.doubles().between(1e-6, 1.0).ofScale(12),
                Arbitraries.doubles().between(0.0, 0.999).ofScale(12), schedule, Arbitraries.integers().between(1, 500),
                Arbitraries.integers().between(1, 4096), Arbitraries.longs(), Arbitraries.doubles().between(0, 0.5).ofScale(12))
                .as(TrainingSpec::new);
    }

    private Arbitrary<LayerSpec> layer() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 5000);
        Arbitrary<Padding> padding = Combinators.combine(Arbitraries.of(PaddingMode.class), Arbitraries.integers().between(0, 5))
                .as((m, a) -> m == PaddingMode.VALID ? Padding.VALID : new Padding(m, a));
        Arbitrary<LayerSpec> conv = Combinators.combine(size, Arbitraries.integers().between(1, 11),
                Arbitraries.integers().between(1, 4), padding, Arbitraries.of(Precision.class),
                Arbitraries.of(ScalingFactor.class), Arbitraries.of(true, false))
                .as((f, k, s, p, w, sc, b) -> new Conv2dSpec("x", f, k, s, p, w, sc, b));
        Arbitrary<LayerSpec> dense = Combinators.combine(size, Arbitraries.of(Precision.class),
                Arbitraries.of(ScalingFactor.class), Arbitraries.of(true, false))
                .as((u, w, sc, b) -> new DenseSpec("x", u, w, sc, b));
        Arbitrary<LayerSpec> bn = Combinators.combine(Arbitraries.doubles().between(1e-9, 1.0).ofScale(12),
                Arbitraries.doubles().between(0.0, 0.9999).ofScale(12), Arbitraries.of(true, false))
                .as((e, m, g) -> new BatchNormSpec("x", e, m, g));
        Arbitrary<LayerSpec> pool = Combinators.combine(Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 5), Arbitraries.of(true, false))
                .as((s, st, max) -> max ? new MaxPoolSpec("x", s, st) : new AvgPoolSpec("x", s, st));
        Arbitrary<LayerSpec> dropout = Arbitraries.doubles().between(0.0, 0.99).ofScale(12).map(r -> new DropoutSpec("x", r));
        Arbitrary<LayerSpec> simple = Arbitraries.of(new SignSpec("x"), new ReluSpec("x"), new FlattenSpec("x"),
                new SoftmaxSpec("x"));
        return Arbitraries.oneOf(conv, dense, bn, pool, dropout, simple);
    }
}
