package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.TensorSize;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.XnorConv2d;
import dev.bitflow.engine.memory.DefaultMemoryService;

/**
 * Parses the {@code --layer} spec of the bench command into one stage. Grammar (fields separated by
 * {@code :}, options in any order after the shape):
 * <pre>
 *   conv:CxHxW:kK[:sS][:pP][:oO]       binary conv (XNOR-popcount + threshold), O defaults to C
 *   firstconv:CxHxW:kK[:sS][:pP][:oO]  float first conv + threshold
 *   pool:CxHxW:kK[:sS]                 max-pool on bits, S defaults to K
 *   dense:N:oM                         binary dense N -> M
 *   lastdense:N:oM                     float last layer on +-1 inputs (additions only)
 *   P: p0 or pvalid = no padding, pN = zero padding N, p+N = +1 padding N, p-N = -1 padding N
 * </pre>
 * Example: {@code conv:256x56x56:k3:s1:p1:o256}.
 */
final class LayerSpecParser {
    private final XnorConv2d conv;
    private final BinaryDense dense;
    private final long seed;
    private final DefaultMemoryService memory;

    LayerSpecParser(XnorConv2d conv, BinaryDense dense, long seed, DefaultMemoryService memory) {
        this.conv = conv;
        this.dense = dense;
        this.seed = seed;
        this.memory = memory;
    }

    private void requireMemory(String spec, long bytes) {
        memory.require("bench of layer '" + spec + "'", bytes, null, "bench a smaller layer");
    }

    BenchStage parse(String spec) {
        String[] parts = spec.trim().split(":");
        String kind = parts[0].toLowerCase(java.util.Locale.ROOT);
        try {
            return switch (kind) {
                case "conv", "firstconv" -> convStage(spec, kind, parts);
                case "pool" -> poolStage(spec, parts);
                case "dense", "lastdense" -> denseStage(spec, kind, parts);
                default -> throw bad(spec, "unknown layer kind '" + parts[0] + "' (conv, firstconv, pool, dense, lastdense)");
            };
        } catch (IllegalArgumentException e) {
            throw bad(spec, e.getMessage());
        }
    }

    private BenchStage convStage(String spec, String kind, String[] parts) {
        int[] chw = shape(spec, parts);
        Integer k = null;
        int s = 1;
        Padding padding = Padding.VALID;
        Integer out = null;
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("k")) {
                k = number(spec, p, 1);
            } else if (p.startsWith("s")) {
                s = number(spec, p, 1);
            } else if (p.startsWith("o")) {
                out = number(spec, p, 1);
            } else if (p.startsWith("p")) {
                padding = padding(spec, p);
            } else {
                throw bad(spec, "unknown option '" + p + "' (k, s, p, o)");
            }
        }
        if (k == null) {
            throw bad(spec, "the kernel size kK is required");
        }
        ConvGeometry g = new ConvGeometry(chw[0], chw[1], chw[2], out == null ? chw[0] : out, k, s, padding);
        requireMemory(spec, BenchMemory.conv(g));
        String name = kind + " " + g.inChannels() + "x" + g.inH() + "x" + g.inW() + " k" + k + " s" + s + " "
                + DescribePadding.of(padding) + " o" + g.outChannels();
        return kind.equals("conv") ? new BinaryConvStage(name, g, seed, conv) : new FirstConvStage(name, g, seed);
    }

    private BenchStage poolStage(String spec, String[] parts) {
        int[] chw = shape(spec, parts);
        Integer k = null;
        Integer s = null;
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("k")) {
                k = number(spec, p, 1);
            } else if (p.startsWith("s")) {
                s = number(spec, p, 1);
            } else {
                throw bad(spec, "unknown option '" + p + "' (k, s)");
            }
        }
        if (k == null) {
            throw bad(spec, "the pool size kK is required");
        }
        int stride = s == null ? k : s;
        TensorSize.elements("pool input", chw[0], chw[1], chw[2]);
        requireMemory(spec, BenchMemory.pool(chw[0], chw[1], chw[2]));
        return new BitPoolStage("pool " + chw[0] + "x" + chw[1] + "x" + chw[2] + " " + k + "/" + stride, chw[0], chw[1],
                chw[2], k, stride);
    }

    private BenchStage denseStage(String spec, String kind, String[] parts) {
        if (parts.length != 3 || !parts[2].startsWith("o")) {
            throw bad(spec, "expected " + kind + ":N:oM");
        }
        int n = positive(spec, parts[1], "input size");
        int m = number(spec, parts[2], 1);
        TensorSize.elements("dense weights", n, m);
        requireMemory(spec, BenchMemory.dense(n, m));
        String name = kind + " " + n + "->" + m;
        return kind.equals("dense") ? new BinaryDenseStage(name, n, m, seed, dense) : new LastDenseStage(name, n, m, seed);
    }

    private static int[] shape(String spec, String[] parts) {
        if (parts.length < 2) {
            throw bad(spec, "the input shape CxHxW is missing");
        }
        String[] dims = parts[1].toLowerCase(java.util.Locale.ROOT).split("x");
        if (dims.length != 3) {
            throw bad(spec, "the input shape must be CxHxW, was '" + parts[1] + "'");
        }
        return new int[] {positive(spec, dims[0], "channels"), positive(spec, dims[1], "height"),
            positive(spec, dims[2], "width")};
    }

    private static Padding padding(String spec, String p) {
        String v = p.substring(1);
        if (v.equals("valid") || v.equals("0")) {
            return Padding.VALID;
        }
        if (v.startsWith("+")) {
            return new Padding(PaddingMode.PLUS_ONE, positive(spec, v.substring(1), "padding"));
        }
        if (v.startsWith("-")) {
            return new Padding(PaddingMode.MINUS_ONE, positive(spec, v.substring(1), "padding"));
        }
        return Padding.zero(positive(spec, v, "padding"));
    }

    private static int number(String spec, String option, int prefix) {
        return positive(spec, option.substring(prefix), "option '" + option + "'");
    }

    private static int positive(String spec, String text, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v < 1) {
                throw bad(spec, what + " must be >= 1, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(spec, what + " is not a number: '" + text + "'");
        }
    }

    private static BadInputException bad(String spec, String message) {
        return new BadInputException("layer spec '" + spec + "': " + message);
    }
}
