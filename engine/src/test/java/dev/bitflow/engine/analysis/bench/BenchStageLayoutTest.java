package dev.bitflow.engine.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.XnorConv2d;
import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.train.TrainingMemory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer bench's two forms compute the same layer with the float side's maps channels-last: the binary conv's
 * bits are the float conv's sums (exact integers on ±1 values) plus the channel's shift, tested against zero,
 * at every pixel and channel, and a pool's float maximum on ±1 values is the bits' OR.
 */
class BenchStageLayoutTest {
    private final LayerSpecParser parser = new LayerSpecParser(new XnorConv2d(1, null), new BinaryDense(1, null), 3,
            new DefaultMemoryService(TrainingMemory::estimate));

    @Test
    void theBinaryConvsBitsAreTheFloatConvsSumsPlusTheShift() {
        BinaryConvStage stage = (BinaryConvStage) parser.parse("conv:70x9x7:k3:s2:p1:o33");
        INDArray x = stage.randomFloatInput(5);
        assertThat(x.shape()).containsExactly(1, 9, 7, 70);
        PackedBits bits = (PackedBits) stage.runBinary(stage.binaryInputFor(x));
        INDArray sums = stage.runFloat(x);
        assertThat(sums.shape()).containsExactly(1, 5, 4, 33);
        for (int y = 0; y < 5; y++) {
            for (int xx = 0; xx < 4; xx++) {
                for (int c = 0; c < 33; c++) {
                    boolean expected = sums.getFloat(0, y, xx, c) + stage.shift(c) >= 0;
                    assertThat(bits.get(y, xx, c)).as("bit at %d,%d channel %d", y, xx, c).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void signsReadAChannelsLastMap() {
        INDArray map = Nd4jOps.plusMinusOneMap(new java.util.SplittableRandom(9), 5, 3, 4);
        PackedBits bits = Nd4jOps.signs(map);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 5; c++) {
                    assertThat(bits.get(y, x, c)).isEqualTo(map.getFloat(0, y, x, c) >= 0);
                }
            }
        }
    }
}
