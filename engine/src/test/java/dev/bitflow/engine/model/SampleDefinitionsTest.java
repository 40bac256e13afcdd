package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SampleDefinitionsTest {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    static java.util.List<String> names() {
        return new DefaultDefinitionService().sampleNames();
    }

    @Test
    void allSamplesAreListed() {
        assertThat(service.sampleNames()).containsExactly("fashion-bcnn", "fashion-fp", "fashion-bcnn-2class",
                "fashion-fp-2class", "cifar-bcnn", "bitflow-alexnet", "bitflow-alexnet-hands");
    }

    @ParameterizedTest
    @MethodSource("names")
    void roundTripsExactly(String name) throws IOException {
        NetworkDefinition d = service.sample(name);
        String json = service.toJson(d);
        assertThat(service.parse(json, "round trip")).isEqualTo(d);
        // the bundled file is in canonical form: writing it again gives the same text
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/bitflow/samples/" + name + ".bitflow.json")) {
            assertThat(json).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void samplesHaveNoDesignErrorsOrWarnings(String name) {
        DesignReport r = service.check(service.sample(name));
        assertThat(r.issues()).filteredOn(i -> i.severity() != Severity.INFO).isEmpty();
    }

    @Test
    void fashionBcnnShapes() {
        DesignReport r = service.check(service.sample("fashion-bcnn"));
        assertThat(r.shapes()).extracting(s -> s.output().toString()).containsExactly(
                "32x28x28", "32x14x14", "32x14x14", "32x14x14",
                "64x14x14", "64x7x7", "64x7x7", "64x7x7",
                "128x7x7", "128x7x7", "128x7x7", "6272",
                "256", "256", "256", "10", "10");
        assertThat(r.outputShape()).isEqualTo(Shape.flat(10));
        assertThat(service.check(service.sample("fashion-bcnn-2class")).outputShape()).isEqualTo(Shape.flat(2));
    }

    @Test
    void alexnetShapes() {
        DesignReport r = service.check(service.sample("bitflow-alexnet"));
        assertThat(r.shapes().get(0).output()).isEqualTo(Shape.spatial(96, 55, 55));
        assertThat(r.shapes().get(1).output()).isEqualTo(Shape.spatial(96, 27, 27));
        assertThat(r.shapes().get(4).output()).isEqualTo(Shape.spatial(256, 27, 27));
        assertThat(r.shapes().get(5).output()).isEqualTo(Shape.spatial(256, 13, 13));
        assertThat(r.shapes().get(15).output()).isEqualTo(Shape.spatial(256, 6, 6));
        assertThat(r.shapes().get(18).output()).isEqualTo(Shape.flat(9216));
        assertThat(r.outputShape()).isEqualTo(Shape.flat(1000));
    }
}
