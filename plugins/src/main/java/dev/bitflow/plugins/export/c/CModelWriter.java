package dev.bitflow.plugins.export.c;

import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.BinaryLayerContent;
import dev.bitflow.engine.api.fusion.FirstLayerContent;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.fusion.FusedPool;
import dev.bitflow.engine.api.fusion.OutputBatchNorm;
import dev.bitflow.engine.api.fusion.OutputLayerContent;
import java.util.List;
import java.util.Locale;

/**
 * Writes a fused model as a self-contained C99 header and source pair for microcontrollers.
 *
 * <p>Design (docs/export.md): every weight is a {@code const} array (it goes to flash); feature maps are bits in
 * {@code uint32_t} words, NHWC (channel {@code c} of pixel {@code p} is bit {@code c % 32} of word
 * {@code p * ceil(C / 32) + c / 32}, unused high bits 0), held in two halves of a caller-provided work buffer that
 * the layers use in turn; pools run in place. The first layer is float32 arithmetic in the workbench's exact order
 * (so it gives the same bits), the binary layers use only {@code uint32_t}/{@code int32_t} (XOR, popcount, add,
 * compare), the output layer adds and subtracts float32 weights in the workbench's order. No malloc, no library
 * call beyond {@code <string.h>}'s {@code memset}, no {@code <math.h>} (infinite thresholds are constant
 * expressions; the output BatchNorm's square root is precomputed).
 */
final class CModelWriter {
    private final FusedModelContent model;
    private final String prefix;
    private final String macro;
    private final int workWords;

    /** A bit map between layers: C x H x W, in words. */
    private record BitMap(int channels, int height, int width) {
        int wordsPerPixel() {
            return (channels + 31) / 32;
        }

        int words() {
            return height * width * wordsPerPixel();
        }
    }

    CModelWriter(FusedModelContent model, String prefix) {
        this.model = model;
        this.prefix = prefix;
        this.macro = prefix.toUpperCase(Locale.ROOT);
        FirstLayerContent f = model.first();
        int words = new BitMap(f.outChannels(), f.convHeight(), f.convWidth()).words();
        for (BinaryLayerContent b : model.binary()) {
            BitMap in = map(b.input(), b.flattenInput());
            words = Math.max(words, in.words());
            words = Math.max(words, new BitMap(b.outChannels(), b.convHeight(), b.convWidth()).words());
        }
        words = Math.max(words, map(model.output().input(), model.output().flattenInput()).words());
        this.workWords = 2 * words;
    }

    private static BitMap map(Shape s, boolean flattened) {
        return s.flat() ? new BitMap(s.channels(), 1, 1) : new BitMap(s.channels(), s.height(), s.width());
    }

    /** uint32_t words of work buffer the inference function needs. */
    int workWords() {
        return workWords;
    }

    /** Layers that report their output bits to the observer: the first and every binary layer. */
    int bitLayers() {
        return 1 + model.binary().size();
    }

    String header() {
        Shape in = model.definition().input();
        StringBuilder h = new StringBuilder();
        h.append("/* ").append(prefix).append(".h: the fused BCNN '").append(model.definition().name())
                .append("' as C99, written by BitFlow Workbench (bitflow export c). */\n");
        h.append("#ifndef ").append(macro).append("_H\n#define ").append(macro).append("_H\n\n");
        h.append("#include <stdint.h>\n\n");
        h.append("/* Input: ").append(in.channels()).append(" x ").append(in.height()).append(" x ").append(in.width())
                .append(" float32 values, channel-major (c, y, x), normalised: ").append(normalizationText())
                .append(" */\n");
        define(h, "INPUT_CHANNELS", in.channels());
        define(h, "INPUT_HEIGHT", in.height());
        define(h, "INPUT_WIDTH", in.width());
        define(h, "INPUT_SIZE", (int) in.size());
        define(h, "CLASSES", model.classes());
        h.append("/* Scratch the inference needs, in uint32_t words (caller-provided, any content). */\n");
        define(h, "WORK_WORDS", workWords);
        h.append("/* Layers whose output bits the observer sees: the first layer and each binary layer. */\n");
        define(h, "BIT_LAYERS", bitLayers());
        h.append("\n/*\n * Called after each layer that outputs bits (0 = first layer), with its C x H x W output bits:\n"
                + " * NHWC, channel c of pixel p = y * W + x is bit c % 32 of bits[p * ((C + 31) / 32) + c / 32],\n"
                + " * bit 1 = +1, bit 0 = -1. May be NULL.\n */\n");
        h.append("typedef void (*").append(prefix).append("_observer)(void *context, int layer, const uint32_t *bits, ")
                .append("int channels, int height, int width);\n\n");
        h.append("/* Normalises raw pixels 0..255 (channel-major) into input as the model was trained. */\n");
        h.append("void ").append(prefix).append("_normalize_u8(const uint8_t *pixels, float *input);\n\n");
        h.append("/*\n * Runs the network on one normalised input: writes ").append(macro)
                .append("_CLASSES class scores and returns\n * the predicted class (the largest score, the first on ties)."
                        + " work: ").append(macro).append("_WORK_WORDS words.\n */\n");
        h.append("int ").append(prefix).append("_infer(const float *input, float *scores, uint32_t *work, ")
                .append(prefix).append("_observer observer, void *context);\n\n");
        h.append("#endif\n");
        return h.toString();
    }

    private void define(StringBuilder h, String name, long value) {
        h.append("#define ").append(macro).append('_').append(name).append(' ').append(value).append('\n');
    }

    private String normalizationText() {
        Normalization n = model.definition().dataset() == null ? Normalization.UNIT
                : model.definition().dataset().normalization();
        return n == Normalization.MINUS_ONE_TO_ONE ? "pixel / 127.5f - 1.0f" : "pixel / 255.0f";
    }

    String source() {
        StringBuilder c = new StringBuilder();
        c.append("/* ").append(prefix).append(".c: the fused BCNN '").append(model.definition().name())
                .append("', written by BitFlow Workbench (bitflow export c).\n")
                .append(" * Only <stdint.h> and <string.h>; no malloc; no floating point between the first and the\n")
                .append(" * last layer. Build without floating-point contraction (gcc: -std=c99 or -ffp-contract=off)\n")
                .append(" * so the first and last layers round exactly as the workbench does. */\n");
        c.append("#include \"").append(prefix).append(".h\"\n#include <string.h>\n\n");
        c.append("#define BF_INF ((float) (1e300 * 1e300))\n\n");
        if (!model.binary().isEmpty()) {
            c.append("static uint32_t bf_popcount(uint32_t v) {\n"
                + "    v = v - ((v >> 1) & 0x55555555u);\n"
                + "    v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);\n"
                + "    v = (v + (v >> 4)) & 0x0F0F0F0Fu;\n"
                + "    return (v * 0x01010101u) >> 24;\n}\n\n");
        }
        boolean anyPool = !model.first().pools().isEmpty()
                || model.binary().stream().anyMatch(b -> !b.pools().isEmpty());
        if (anyPool) {
            c.append("/* In-place max pool on NHWC bits: OR, or AND for the channels set in and_mask (NULL: none). */\n"
                + "static void bf_pool(uint32_t *bits, int wpp, int h, int w, int size, int stride,"
                + " const uint32_t *and_mask) {\n"
                + "    int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1, oy, ox, ky, kx, k;\n"
                + "    for (oy = 0; oy < oh; oy++) {\n"
                + "        for (ox = 0; ox < ow; ox++) {\n"
                + "            for (k = 0; k < wpp; k++) {\n"
                + "                uint32_t o = 0u, a = 0xFFFFFFFFu, m = and_mask ? and_mask[k] : 0u;\n"
                + "                for (ky = 0; ky < size; ky++) {\n"
                + "                    for (kx = 0; kx < size; kx++) {\n"
                + "                        uint32_t v = bits[((oy * stride + ky) * w + ox * stride + kx) * wpp + k];\n"
                + "                        o |= v;\n"
                + "                        a &= v;\n"
                + "                    }\n"
                + "                }\n"
                + "                bits[(oy * ow + ox) * wpp + k] = (o & ~m) | (a & m);\n"
                + "            }\n"
                + "        }\n"
                + "    }\n}\n\n");
        }
        c.append("void ").append(prefix).append("_normalize_u8(const uint8_t *pixels, float *input) {\n"
                + "    int i;\n"
                + "    for (i = 0; i < ").append(macro).append("_INPUT_SIZE; i++) {\n");
        Normalization n = model.definition().dataset() == null ? Normalization.UNIT
                : model.definition().dataset().normalization();
        c.append(n == Normalization.MINUS_ONE_TO_ONE ? "        input[i] = (float) pixels[i] / 127.5f - 1.0f;\n"
                : "        input[i] = (float) pixels[i] / 255.0f;\n");
        c.append("    }\n}\n\n");
        first(c);
        for (int i = 0; i < model.binary().size(); i++) {
            binary(c, i + 1, model.binary().get(i));
        }
        output(c);
        infer(c);
        return c.toString();
    }

    private void first(StringBuilder c) {
        FirstLayerContent f = model.first();
        int out = f.outChannels();
        c.append("/* Layer 0, '").append(f.name()).append("': float ").append(f.conv() ? "conv2d" : "dense")
                .append(", folded BatchNorm + sign as one float threshold per channel. */\n");
        floats(c, "L0_W", f.weights());
        if (f.alpha() != null) {
            floats(c, "L0_ALPHA", f.alpha());
        }
        if (f.bias() != null) {
            floats(c, "L0_BIAS", f.bias());
        }
        floats(c, "L0_T", f.threshold());
        int[] mode = new int[out];
        boolean[] below = f.below();
        boolean[] constant = f.constant();
        boolean[] value = f.constantValue();
        for (int o = 0; o < out; o++) {
            mode[o] = constant[o] ? (value[o] ? 3 : 2) : below[o] ? 1 : 0;
        }
        c.append("/* 0: bit = y >= t, 1: bit = y <= t, 2: constant -1, 3: constant +1 */\n");
        ints(c, "static const uint8_t", "L0_MODE", mode);
        poolMasks(c, "L0", f.pools(), out);
        BitMap m = new BitMap(out, f.convHeight(), f.convWidth());
        Shape in = f.input();
        c.append("static void layer0(const float *x, uint32_t *out) {\n");
        c.append("    int o;\n");
        c.append("    memset(out, 0, ").append(m.words()).append(" * sizeof(uint32_t));\n");
        c.append("    for (o = 0; o < ").append(out).append("; o++) {\n");
        if (f.conv()) {
            int k = f.kernel();
            int pad = f.padding().amount();
            PaddingMode pm = f.padding().mode();
            c.append("        int oy, ox;\n");
            c.append("        for (oy = 0; oy < ").append(m.height()).append("; oy++) {\n");
            c.append("            for (ox = 0; ox < ").append(m.width()).append("; ox++) {\n");
            c.append("                float acc = 0.0f;\n");
            c.append("                int i, ky, kx;\n");
            c.append("                for (i = 0; i < ").append(in.channels()).append("; i++) {\n");
            c.append("                    for (ky = 0; ky < ").append(k).append("; ky++) {\n");
            c.append("                        int iy = oy * ").append(f.stride()).append(" - ").append(pad)
                    .append(" + ky;\n");
            c.append("                        for (kx = 0; kx < ").append(k).append("; kx++) {\n");
            c.append("                            int ix = ox * ").append(f.stride()).append(" - ").append(pad)
                    .append(" + kx;\n");
            c.append("                            float w = L0_W[((o * ").append(in.channels()).append(" + i) * ")
                    .append(k).append(" + ky) * ").append(k).append(" + kx];\n");
            c.append("                            if (iy >= 0 && iy < ").append(in.height()).append(" && ix >= 0 && ix < ")
                    .append(in.width()).append(") {\n");
            c.append("                                acc += w * x[(i * ").append(in.height()).append(" + iy) * ")
                    .append(in.width()).append(" + ix];\n");
            c.append("                            }");
            if (pm == PaddingMode.PLUS_ONE || pm == PaddingMode.MINUS_ONE) {
                c.append(" else {\n                                acc += w * ")
                        .append(pm == PaddingMode.PLUS_ONE ? "1.0f" : "-1.0f").append(";\n                            }");
            }
            c.append("\n                        }\n                    }\n                }\n");
            thresholdAndSet(c, f, "                ", "oy * " + m.width() + " + ox", m.wordsPerPixel());
            c.append("            }\n        }\n");
        } else {
            int inputs = (int) in.size();
            c.append("        float acc = 0.0f;\n        int i;\n");
            c.append("        for (i = 0; i < ").append(inputs).append("; i++) {\n");
            c.append("            acc += x[i] * L0_W[i * ").append(out).append(" + o];\n        }\n");
            thresholdAndSet(c, f, "        ", "0", m.wordsPerPixel());
        }
        c.append("    }\n");
        pools(c, "L0", f.pools(), m);
        c.append("}\n\n");
    }

    private void thresholdAndSet(StringBuilder c, FirstLayerContent f, String ind, String pixel, int wpp) {
        if (f.alpha() != null) {
            c.append(ind).append("acc = L0_ALPHA[o] * acc;\n");
        }
        if (f.bias() != null) {
            c.append(ind).append("acc = acc + L0_BIAS[o];\n");
        }
        c.append(ind).append("{\n");
        c.append(ind).append("    int m = L0_MODE[o];\n");
        c.append(ind).append("    int bit = m == 0 ? acc >= L0_T[o] : m == 1 ? acc <= L0_T[o] : m == 3;\n");
        c.append(ind).append("    if (bit) {\n");
        c.append(ind).append("        out[(").append(pixel).append(") * ").append(wpp)
                .append(" + (o >> 5)] |= (uint32_t) 1u << (o & 31);\n");
        c.append(ind).append("    }\n").append(ind).append("}\n");
    }

    private void binary(StringBuilder c, int index, BinaryLayerContent b) {
        String l = "L" + index;
        int out = b.outChannels();
        BitMap inMap = map(b.input(), b.flattenInput());
        c.append("/* Layer ").append(index).append(", '").append(b.name()).append("': binary ")
                .append(b.conv() ? "conv2d" : "dense").append(", K = ").append(b.dotLength())
                .append(", BatchShift in ").append(b.shiftBits()).append(" bits; integers only. */\n");
        int[] words;
        int rowWords;
        if (b.conv()) {
            int k = b.kernel();
            int wpp = inMap.wordsPerPixel();
            rowWords = k * k * wpp;
            words = new int[out * rowWords];
            for (int oc = 0; oc < out; oc++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        for (int ic = 0; ic < inMap.channels(); ic++) {
                            if (b.convWeight(oc, ic, ky, kx)) {
                                words[oc * rowWords + (ky * k + kx) * wpp + ic / 32] |= 1 << (ic & 31);
                            }
                        }
                    }
                }
            }
        } else {
            // dense: weights in the input map's own NHWC word layout, so no flatten is needed at run time
            int wpp = inMap.wordsPerPixel();
            int plane = inMap.height() * inMap.width();
            rowWords = plane * wpp;
            words = new int[out * rowWords];
            for (int o = 0; o < out; o++) {
                for (int ch = 0; ch < inMap.channels(); ch++) {
                    for (int p = 0; p < plane; p++) {
                        int i = ch * plane + p; // channel-major flat index
                        if (b.denseWeight(i, o)) {
                            words[o * rowWords + p * wpp + ch / 32] |= 1 << (ch & 31);
                        }
                    }
                }
            }
        }
        c.append("static const uint32_t ").append(l).append("_W[").append(words.length).append("] = {");
        for (int i = 0; i < words.length; i++) {
            c.append(i % 8 == 0 ? "\n    " : " ").append(String.format(Locale.ROOT, "0x%08Xu", words[i]))
                    .append(i < words.length - 1 ? "," : "");
        }
        c.append("\n};\n");
        short[] shift = b.shift();
        boolean[] constant = b.constant();
        int[] shifts = new int[out];
        for (int o = 0; o < out; o++) {
            shifts[o] = constant[o] ? 0 : shift[o]; // a constant channel's shift is never read
        }
        ints(c, "static const " + shiftType(b.shiftBits()), l + "_B", shifts);
        boolean[] value = b.constantValue();
        int[] mode = new int[out];
        boolean anyConstant = false;
        for (int o = 0; o < out; o++) {
            mode[o] = constant[o] ? (value[o] ? 3 : 2) : 0;
            anyConstant |= constant[o];
        }
        if (anyConstant) {
            c.append("/* 0: bit = s + B >= 0, 2: constant -1, 3: constant +1 */\n");
            ints(c, "static const uint8_t", l + "_MODE", mode);
        }
        poolMasks(c, l, b.pools(), out);
        BitMap outMap = new BitMap(out, b.convHeight(), b.convWidth());
        int wppIn = inMap.wordsPerPixel();
        int wppOut = outMap.wordsPerPixel();
        c.append("static void layer").append(index).append("(const uint32_t *in, uint32_t *out) {\n");
        c.append("    int o;\n");
        c.append("    memset(out, 0, ").append(outMap.words()).append(" * sizeof(uint32_t));\n");
        if (b.conv()) {
            int k = b.kernel();
            int pad = b.padding().amount();
            PaddingMode pm = b.padding().mode();
            int cin = inMap.channels();
            long lastMask = cin % 32 == 0 ? 0xFFFFFFFFL : (1L << (cin % 32)) - 1;
            c.append("    int oy, ox;\n");
            c.append("    for (oy = 0; oy < ").append(outMap.height()).append("; oy++) {\n");
            c.append("        for (ox = 0; ox < ").append(outMap.width()).append("; ox++) {\n");
            c.append("            for (o = 0; o < ").append(out).append("; o++) {\n");
            c.append("                const uint32_t *w = ").append(l).append("_W + o * ").append(rowWords).append(";\n");
            c.append("                int32_t keff = 0, mism = 0;\n");
            c.append("                int ky, kx, j;\n");
            c.append("                for (ky = 0; ky < ").append(k).append("; ky++) {\n");
            c.append("                    int iy = oy * ").append(b.stride()).append(" - ").append(pad).append(" + ky;\n");
            c.append("                    for (kx = 0; kx < ").append(k).append("; kx++) {\n");
            c.append("                        int ix = ox * ").append(b.stride()).append(" - ").append(pad)
                    .append(" + kx;\n");
            c.append("                        const uint32_t *wt = w + (ky * ").append(k).append(" + kx) * ")
                    .append(wppIn).append(";\n");
            c.append("                        if (iy >= 0 && iy < ").append(inMap.height()).append(" && ix >= 0 && ix < ")
                    .append(inMap.width()).append(") {\n");
            c.append("                            const uint32_t *a = in + (iy * ").append(inMap.width())
                    .append(" + ix) * ").append(wppIn).append(";\n");
            c.append("                            for (j = 0; j < ").append(wppIn).append("; j++) {\n");
            c.append("                                mism += (int32_t) bf_popcount(a[j] ^ wt[j]);\n");
            c.append("                            }\n");
            c.append("                            keff += ").append(cin).append(";\n");
            c.append("                        }");
            if (pm == PaddingMode.PLUS_ONE || pm == PaddingMode.MINUS_ONE) {
                c.append(" else {\n");
                c.append("                            for (j = 0; j < ").append(wppIn).append("; j++) {\n");
                if (pm == PaddingMode.PLUS_ONE) {
                    c.append("                                uint32_t ones = j == ").append(wppIn - 1).append(" ? ")
                            .append(String.format(Locale.ROOT, "0x%08Xu", lastMask)).append(" : 0xFFFFFFFFu;\n");
                    c.append("                                mism += (int32_t) bf_popcount(ones ^ wt[j]);\n");
                } else {
                    c.append("                                mism += (int32_t) bf_popcount(wt[j]);\n");
                }
                c.append("                            }\n");
                c.append("                            keff += ").append(cin).append(";\n");
                c.append("                        }");
            }
            c.append("\n                    }\n                }\n");
            binaryThreshold(c, l, anyConstant, "                ", "oy * " + outMap.width() + " + ox", wppOut);
            c.append("            }\n        }\n    }\n");
        } else {
            c.append("    for (o = 0; o < ").append(out).append("; o++) {\n");
            c.append("        const uint32_t *w = ").append(l).append("_W + o * ").append(rowWords).append(";\n");
            c.append("        int32_t keff = ").append(b.dotLength()).append(", mism = 0;\n");
            c.append("        int j;\n");
            c.append("        for (j = 0; j < ").append(rowWords).append("; j++) {\n");
            c.append("            mism += (int32_t) bf_popcount(in[j] ^ w[j]);\n        }\n");
            binaryThreshold(c, l, anyConstant, "        ", "0", wppOut);
            c.append("    }\n");
        }
        pools(c, l, b.pools(), outMap);
        c.append("}\n\n");
    }

    private static void binaryThreshold(StringBuilder c, String l, boolean anyConstant, String ind, String pixel,
                                        int wpp) {
        c.append(ind).append("{\n");
        c.append(ind).append("    int32_t s = keff - 2 * mism;\n");
        if (anyConstant) {
            c.append(ind).append("    int m = ").append(l).append("_MODE[o];\n");
            c.append(ind).append("    int bit = m == 0 ? s + (int32_t) ").append(l).append("_B[o] >= 0 : m == 3;\n");
        } else {
            c.append(ind).append("    int bit = s + (int32_t) ").append(l).append("_B[o] >= 0;\n");
        }
        c.append(ind).append("    if (bit) {\n");
        c.append(ind).append("        out[(").append(pixel).append(") * ").append(wpp)
                .append(" + (o >> 5)] |= (uint32_t) 1u << (o & 31);\n");
        c.append(ind).append("    }\n").append(ind).append("}\n");
    }

    /** The smallest C integer type that holds shifts of {@code bits} bits. */
    static String shiftType(int bits) {
        return bits <= 8 ? "int8_t" : bits <= 16 ? "int16_t" : "int32_t";
    }

    private void poolMasks(StringBuilder c, String l, List<FusedPool> pools, int channels) {
        for (int i = 0; i < pools.size(); i++) {
            FusedPool p = pools.get(i);
            if (p.anyAnd()) {
                int[] words = new int[(channels + 31) / 32];
                for (int ch = 0; ch < channels; ch++) {
                    if (p.and(ch)) {
                        words[ch / 32] |= 1 << (ch & 31);
                    }
                }
                c.append("static const uint32_t ").append(l).append("_AND").append(i).append('[').append(words.length)
                        .append("] = {");
                for (int w = 0; w < words.length; w++) {
                    c.append(String.format(Locale.ROOT, "0x%08Xu", words[w])).append(w < words.length - 1 ? ", " : "");
                }
                c.append("};\n");
            }
        }
    }

    private static void pools(StringBuilder c, String l, List<FusedPool> pools, BitMap m) {
        int h = m.height();
        int w = m.width();
        for (int i = 0; i < pools.size(); i++) {
            FusedPool p = pools.get(i);
            c.append("    bf_pool(out, ").append(m.wordsPerPixel()).append(", ").append(h).append(", ").append(w)
                    .append(", ").append(p.size()).append(", ").append(p.stride()).append(", ")
                    .append(p.anyAnd() ? l + "_AND" + i : "(const uint32_t *) 0").append(");\n");
            h = p.outSize(h);
            w = p.outSize(w);
        }
    }

    private void output(StringBuilder c) {
        OutputLayerContent o = model.output();
        BitMap in = map(o.input(), o.flattenInput());
        int outputs = o.outputs();
        c.append("/* Output layer, '").append(o.name()).append("': additions and subtractions of float weights [")
                .append(o.inputs()).append("][").append(outputs).append("] in channel-major input order. */\n");
        floats(c, "LOUT_W", o.weights());
        if (o.alpha() != null) {
            floats(c, "LOUT_ALPHA", o.alpha());
        }
        if (o.bias() != null) {
            floats(c, "LOUT_BIAS", o.bias());
        }
        OutputBatchNorm bn = o.batchNorm();
        if (bn != null) {
            floats(c, "LOUT_BN_GAMMA", bn.gamma());
            floats(c, "LOUT_BN_BETA", bn.beta());
            floats(c, "LOUT_BN_MEAN", bn.mean());
            floats(c, "LOUT_BN_SIGMA", bn.sigma());
        }
        c.append("static void layer_out(const uint32_t *in, float *scores) {\n");
        c.append("    int j, ch, p;\n");
        c.append("    for (j = 0; j < ").append(outputs).append("; j++) {\n        scores[j] = 0.0f;\n    }\n");
        c.append("    for (ch = 0; ch < ").append(in.channels()).append("; ch++) {\n");
        c.append("        for (p = 0; p < ").append(in.height() * in.width()).append("; p++) {\n");
        c.append("            const float *w = LOUT_W + (ch * ").append(in.height() * in.width()).append(" + p) * ")
                .append(outputs).append(";\n");
        c.append("            if ((in[p * ").append(in.wordsPerPixel()).append(" + (ch >> 5)] >> (ch & 31)) & 1u) {\n");
        c.append("                for (j = 0; j < ").append(outputs).append("; j++) {\n");
        c.append("                    scores[j] += w[j];\n                }\n");
        c.append("            } else {\n");
        c.append("                for (j = 0; j < ").append(outputs).append("; j++) {\n");
        c.append("                    scores[j] += -w[j];\n                }\n            }\n        }\n    }\n");
        c.append("    for (j = 0; j < ").append(outputs).append("; j++) {\n");
        if (o.alpha() != null) {
            c.append("        scores[j] = LOUT_ALPHA[j] * scores[j];\n");
        }
        if (o.bias() != null) {
            c.append("        scores[j] = scores[j] + LOUT_BIAS[j];\n");
        }
        if (bn != null) {
            c.append("        scores[j] = ((LOUT_BN_GAMMA[j] * (scores[j] - LOUT_BN_MEAN[j])) / LOUT_BN_SIGMA[j])"
                    + " + LOUT_BN_BETA[j];\n");
        }
        c.append("    }\n}\n\n");
    }

    private void infer(StringBuilder c) {
        int half = workWords / 2;
        c.append("int ").append(prefix).append("_infer(const float *input, float *scores, uint32_t *work, ")
                .append(prefix).append("_observer observer, void *context) {\n");
        c.append("    uint32_t *a = work, *b = work + ").append(half).append(";\n");
        c.append("    int j, best = 0;\n");
        c.append("    layer0(input, a);\n");
        Shape s = model.first().output();
        observe(c, 0, s, "a");
        String cur = "a";
        String next = "b";
        for (int i = 0; i < model.binary().size(); i++) {
            c.append("    layer").append(i + 1).append('(').append(cur).append(", ").append(next).append(");\n");
            observe(c, i + 1, model.binary().get(i).output(), next);
            String t = cur;
            cur = next;
            next = t;
        }
        c.append("    layer_out(").append(cur).append(", scores);\n");
        c.append("    for (j = 1; j < ").append(macro).append("_CLASSES; j++) {\n");
        c.append("        if (scores[j] > scores[best]) {\n            best = j;\n        }\n    }\n");
        c.append("    return best;\n}\n");
    }

    private static void observe(StringBuilder c, int layer, Shape s, String buffer) {
        c.append("    if (observer) {\n        observer(context, ").append(layer).append(", ").append(buffer)
                .append(", ").append(s.channels()).append(", ").append(s.height()).append(", ").append(s.width())
                .append(");\n    }\n");
    }

    private static void floats(StringBuilder c, String name, float[] v) {
        c.append("static const float ").append(name).append('[').append(v.length).append("] = {");
        for (int i = 0; i < v.length; i++) {
            c.append(i % 6 == 0 ? "\n    " : " ").append(floatLiteral(v[i])).append(i < v.length - 1 ? "," : "");
        }
        c.append("\n};\n");
    }

    /** An exact C99 literal of a float32: hexadecimal, or BF_INF for infinities. */
    static String floatLiteral(float f) {
        if (Float.isNaN(f)) {
            throw new IllegalArgumentException("NaN has no place in a fused model");
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "BF_INF" : "-BF_INF";
        }
        if (f == 0f) {
            return (Float.floatToRawIntBits(f) < 0 ? "-" : "") + "0.0f";
        }
        return Float.toHexString(f) + "f";
    }

    private static void ints(StringBuilder c, String type, String name, int[] v) {
        c.append(type).append(' ').append(name).append('[').append(v.length).append("] = {");
        for (int i = 0; i < v.length; i++) {
            c.append(i % 16 == 0 ? "\n    " : " ").append(v[i]).append(i < v.length - 1 ? "," : "");
        }
        c.append("\n};\n");
    }
}
