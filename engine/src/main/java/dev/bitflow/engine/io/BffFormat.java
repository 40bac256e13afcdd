package dev.bitflow.engine.io;

import dev.bitflow.engine.fuse.BatchShift;


/**
 * The fused model file {@code *.bff}: a checksummed archive (the io package's container: a zip whose
 * {@code manifest.json} lists every entry with size and SHA-256) of format {@value #NAME}, version
 * {@value #VERSION}. Entries (layer names from the definition; arrays are numpy {@code .npy}):
 * <pre>
 *   definition.json                  the unfused definition (structure, shapes, data set, normalisation)
 *   first/&lt;layer&gt;/weights.npy        float32 [n], the weights flattened in the definition's layout ([out,in,kh,kw] or [in,out])
 *   first/&lt;layer&gt;/alpha.npy          float32 [out]       (only with binary weights and SF)
 *   first/&lt;layer&gt;/bias.npy           float32 [out]       (only with a bias)
 *   first/&lt;layer&gt;/threshold.npy      float32 [out]       folded BatchNorm + sign
 *   first/&lt;layer&gt;/flags.npy          uint8 [out]         bit 0 below (gamma &lt; 0), bit 1 constant, bit 2 constant value
 *   binary/&lt;layer&gt;/weights.npy       uint64 [words]      one bit per binary weight (1 = +1, gamma &lt; 0 filters negated),
 *                                    one continuous stream in order (out, ky, kx, in) for conv, (out, in) for dense
 *   binary/&lt;layer&gt;/batchshift.npy    int16 [2, out]      row 0: BatchShift B (+1 iff s' + B >= 0);
 *                                    row 1: flags, bit 0 flipped (gamma &lt; 0), bit 1 constant, bit 2 constant value
 *   output/&lt;layer&gt;/weights.npy       float32 [in * out], [in, out] flattened (±1 for binary weights)
 *   output/&lt;layer&gt;/alpha.npy, bias.npy    as for the first layer
 *   output/&lt;layer&gt;/batchnorm.npy     float32 [4, out]    gamma, beta, mean, var of the BatchNorm after it (if any)
 * </pre>
 * Manifest metadata: {@code model} (name), {@code fusedFrom} (the source file's name, if known).
 */
public final class BffFormat {
    public static final String NAME = "bitflow-fused";
    public static final int VERSION = 1;
    public static final ArchiveFormat ACCEPTED = new ArchiveFormat(NAME, VERSION);
    public static final String DEFINITION = "definition.json";

    static final int FLAG_FLIP = 1;
    static final int FLAG_CONSTANT = 2;
    static final int FLAG_CONSTANT_VALUE = 4;

    private BffFormat() {
    }

    static String first(String layer, String what) {
        return "first/" + layer + "/" + what + ".npy";
    }

    static String binary(String layer, String what) {
        return "binary/" + layer + "/" + what + ".npy";
    }

    static String output(String layer, String what) {
        return "output/" + layer + "/" + what + ".npy";
    }

    static byte[] flags(boolean[] flip, boolean[] constant, boolean[] value) {
        byte[] f = new byte[flip.length];
        for (int c = 0; c < f.length; c++) {
            f[c] = (byte) ((flip[c] ? FLAG_FLIP : 0) | (constant[c] ? FLAG_CONSTANT : 0)
                    | (constant[c] && value[c] ? FLAG_CONSTANT_VALUE : 0));
        }
        return f;
    }
}
