package dev.bitflow.engine.train;

import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between ND4J arrays and the engine's plain {@link Tensor} (float32, row-major). */
final class Nd4jTensors {
    private Nd4jTensors() {
    }

    static Tensor toTensor(INDArray a) {
        long[] s = a.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        float[] data = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return new Tensor(shape, Arrays.copyOf(data, (int) a.length()));
    }

    static INDArray toArray(Tensor t, DataType type) {
        int[] shape = t.shape();
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return Nd4j.create(t.data().clone(), s, 'c').castTo(type);
    }

    /** Assigns {@code in}'s tensor to {@code target}, or fails naming layer, parameter and both shapes. */
    static void load(ParameterSet in, String layer, String param, INDArray target) {
        Tensor t = in.find(layer, param).orElseThrow(() -> new IllegalArgumentException(
                "layer '" + layer + "': parameter '" + param + "' is missing"));
        long[] want = target.shape();
        int[] got = t.shape();
        boolean same = want.length == got.length;
        for (int i = 0; same && i < got.length; i++) {
            same = want[i] == got[i];
        }
        if (!same) {
            throw new IllegalArgumentException("layer '" + layer + "': parameter '" + param + "' has shape "
                    + Arrays.toString(got) + ", the definition needs " + Arrays.toString(want));
        }
        target.assign(toArray(t, target.dataType()));
    }
}
