package dev.bitflow.engine.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.binary.ConvGeometry;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jOpsTest {
    @Test
    void bulkValuesEqualTheRaveledValuesForFreshArraysAndViews() {
        FirstConvStage stage = new FirstConvStage("c", new ConvGeometry(3, 9, 9, 5, 3, 2, Padding.zero(1)), 4);
        INDArray y = stage.runFloat(stage.randomFloatInput(4));
        assertThat(Nd4jOps.values(y)).containsExactly(y.ravel().toFloatVector());
        INDArray view = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6}).reshape('c', 2, 3).transpose();
        assertThat(Nd4jOps.values(view)).containsExactly(1, 4, 2, 5, 3, 6);
    }
}
