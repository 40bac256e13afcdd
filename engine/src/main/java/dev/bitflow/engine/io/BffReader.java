package dev.bitflow.engine.io;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.WeightLayerSpec;
import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.PackedDenseWeights;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.FusedNetworkAssembler;
import dev.bitflow.engine.fuse.FusionPlanPass;
import dev.bitflow.engine.fuse.FusionState;
import dev.bitflow.engine.fuse.NotFusableException;
import dev.bitflow.engine.fuse.OutputLayerPass;
import dev.bitflow.engine.fuse.PoolBeforeBnPass;
import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code *.bff} file ({@link BffFormat}) back into a runnable {@link FusedNetwork}. The archive layer
 * checks the container, format, version and every entry's SHA-256; this class checks every array against
 * the definition the file carries (dtype, length, shift range {@code |B| <= K + 1}, flag values, finite
 * floats, no unexpected entries) and assembles the network with the same passes as fusion
 * ({@link PoolBeforeBnPass}, {@link OutputLayerPass}, {@link FusedNetworkAssembler}). Any problem is one
 * {@link BadInputException} naming the file and entry; nothing is half-loaded.
 */
public final class BffReader {
    private final DefinitionService definitions;

    public BffReader(DefinitionService definitions) {
        this.definitions = definitions;
    }

    /** A loaded fused model: the network and the state it was assembled from (for summaries). */
    public record Loaded(FusedNetwork network, FusionState state, String source) {
    }

    public Loaded read(Path file) throws IOException {
        ArchiveContents a = ArchiveReader.read(file, BffFormat.ACCEPTED);
        NetworkDefinition def = definitions.parse(a.text(BffFormat.DEFINITION), a.where(BffFormat.DEFINITION));
        FusionState st = new FusionState(new TrainedNetwork(def, new ParameterSet(), null));
        try {
            st.putBlocks(FusionPlanPass.plan(def));
        } catch (NotFusableException e) {
            throw a.bad(BffFormat.DEFINITION, "the definition is not fusable: " + e.getMessage());
        }
        Set<String> expected = new HashSet<>(Set.of(BffFormat.DEFINITION));
        List<FusionBlock> blocks = st.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            FusionBlock b = blocks.get(i);
            String name = b.name();
            int out = b.linearOut().channels();
            int in = (int) ((WeightLayerSpec) b.linear()).dotLength(b.input());
            switch (b.kind()) {
                case FIRST -> {
                    float[] w = floats(a, BffFormat.first(name, "weights"), (long) in * out, expected);
                    float[] alpha = optionalFloats(a, BffFormat.first(name, "alpha"), out, expected);
                    float[] bias = optionalFloats(a, BffFormat.first(name, "bias"), out, expected);
                    String tName = BffFormat.first(name, "threshold");
                    float[] t = floatsAllowingInfinity(a, tName, out, expected);
                    byte[] flags = flags(a, BffFormat.first(name, "flags"), out, expected);
                    boolean[][] f = unpackFlags(flags);
                    st.putLinear(i, new LayerParameters(name, false, null, w, alpha, bias));
                    st.putFirstThreshold(new FloatThreshold(name, t, f[0], f[1], f[2]));
                }
                case BINARY -> {
                    String wName = BffFormat.binary(name, "weights");
                    long[] stream = longs(a, wName, BitStream.words((long) in * out), expected);
                    String sName = BffFormat.binary(name, "batchshift");
                    short[] rows = shorts(a, sName, 2L * out, expected);
                    short[] shift = Arrays.copyOf(rows, out);
                    byte[] flagBytes = new byte[out];
                    for (int c = 0; c < out; c++) {
                        flagBytes[c] = (byte) rows[out + c];
                        if (rows[out + c] < 0 || rows[out + c] > 7) {
                            throw a.bad(sName, "channel " + c + " has invalid flags " + rows[out + c]);
                        }
                    }
                    checkFlags(a, sName, flagBytes);
                    for (int c = 0; c < out; c++) {
                        if (Math.abs(shift[c]) > in + 1) {
                            throw a.bad(sName, "shift " + shift[c] + " of channel " + c + " is outside [-" + (in + 1)
                                    + ", " + (in + 1) + "] for dot-product length " + in);
                        }
                    }
                    boolean[][] f = unpackFlags(flagBytes);
                    st.putShift(i, new BatchShift(name, in, shift, f[0], f[1], f[2]));
                    try {
                        if (b.linear() instanceof Conv2dSpec c) {
                            int taps = c.kernel() * c.kernel();
                            st.putConvWeights(i, PackedConvWeights.fromPlainBits(
                                    BitStream.unpack(stream, out * taps, b.input().channels()), out,
                                    b.input().channels(), c.kernel()));
                        } else {
                            st.putDenseWeights(i, PackedDenseWeights.fromPlainBits(BitStream.unpack(stream, out, in),
                                    in, out));
                        }
                    } catch (IllegalArgumentException e) {
                        throw a.bad(wName, e.getMessage());
                    }
                }
                case OUTPUT -> {
                    float[] w = floats(a, BffFormat.output(name, "weights"), (long) in * out, expected);
                    float[] alpha = optionalFloats(a, BffFormat.output(name, "alpha"), out, expected);
                    float[] bias = optionalFloats(a, BffFormat.output(name, "bias"), out, expected);
                    st.putLinear(i, new LayerParameters(name, false, null, w, alpha, bias));
                    if (b.bn() != null) {
                        float[] bn = floats(a, BffFormat.output(name, "batchnorm"), 4L * out, expected);
                        BnParameters p = BnParameters.of(b.bn().name(), Arrays.copyOfRange(bn, 0, out),
                                Arrays.copyOfRange(bn, out, 2 * out), Arrays.copyOfRange(bn, 2 * out, 3 * out),
                                Arrays.copyOfRange(bn, 3 * out, 4 * out), b.bn().epsilon());
                        for (int c = 0; c < out; c++) {
                            if (!(p.sigma(c) > 0)) {
                                throw a.bad(BffFormat.output(name, "batchnorm"), "sigma = sqrt(var + epsilon) of channel "
                                        + c + " is not positive in float32");
                            }
                        }
                        st.putBatchNorm(i, p);
                    } else {
                        st.putBatchNorm(i, BnParameters.identity(out));
                    }
                }
            }
        }
        for (ArchiveEntry e : a.entries()) {
            if (!expected.contains(e.name())) {
                throw a.bad(e.name(), "unexpected entry for this definition");
            }
        }
        new PoolBeforeBnPass().apply(st);
        new OutputLayerPass().apply(st);
        new FusedNetworkAssembler().apply(st);
        return new Loaded(st.fusedNetwork(), st, file.toString());
    }

    private static NpyArray npy(ArchiveContents a, String name, NpyDtype dtype, long length, Set<String> expected) {
        expected.add(name);
        NpyArray arr = a.npy(name);
        if (arr.dtype() != dtype) {
            throw a.bad(name, "element type " + arr.dtype().descr() + ", expected " + dtype.descr());
        }
        if (arr.size() != length) {
            throw a.bad(name, arr.size() + " values " + Arrays.toString(arr.shape()) + ", expected " + length);
        }
        return arr;
    }

    private static float[] floats(ArchiveContents a, String name, long length, Set<String> expected) {
        float[] v = npy(a, name, NpyDtype.FLOAT32, length, expected).floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw a.bad(name, "value " + i + " is " + v[i]);
            }
        }
        return v;
    }

    private static float[] floatsAllowingInfinity(ArchiveContents a, String name, long length, Set<String> expected) {
        float[] v = npy(a, name, NpyDtype.FLOAT32, length, expected).floats();
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw a.bad(name, "value " + i + " is NaN");
            }
        }
        return v;
    }

    private static float[] optionalFloats(ArchiveContents a, String name, long length, Set<String> expected) {
        return a.has(name) ? floats(a, name, length, expected) : null;
    }

    private static long[] longs(ArchiveContents a, String name, long length, Set<String> expected) {
        return npy(a, name, NpyDtype.UINT64, length, expected).longs();
    }

    private static short[] shorts(ArchiveContents a, String name, long length, Set<String> expected) {
        return npy(a, name, NpyDtype.INT16, length, expected).shorts();
    }

    private static byte[] flags(ArchiveContents a, String name, long length, Set<String> expected) {
        byte[] f = npy(a, name, NpyDtype.UINT8, length, expected).unsignedBytes();
        checkFlags(a, name, f);
        return f;
    }

    private static void checkFlags(ArchiveContents a, String name, byte[] f) {
        for (int c = 0; c < f.length; c++) {
            int v = f[c] & 0xFF;
            if ((v & ~7) != 0 || ((v & BffFormat.FLAG_CONSTANT_VALUE) != 0 && (v & BffFormat.FLAG_CONSTANT) == 0)) {
                throw a.bad(name, "channel " + c + " has invalid flags " + v);
            }
        }
    }

    /** [flip/below, constant, constant value]. */
    private static boolean[][] unpackFlags(byte[] f) {
        boolean[][] out = new boolean[3][f.length];
        for (int c = 0; c < f.length; c++) {
            out[0][c] = (f[c] & BffFormat.FLAG_FLIP) != 0;
            out[1][c] = (f[c] & BffFormat.FLAG_CONSTANT) != 0;
            out[2][c] = (f[c] & BffFormat.FLAG_CONSTANT_VALUE) != 0;
        }
        return out;
    }

}
