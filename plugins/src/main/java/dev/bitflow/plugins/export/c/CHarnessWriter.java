package dev.bitflow.plugins.export.c;

import java.util.Locale;

/**
 * The host-side harness and the microcontroller example that go with an exported model: the harness reads images
 * from an IDX file (unsigned bytes, any number of dimensions whose product per image is the model's input size)
 * and prints one prediction per line, or with {@code --trace} also every bit-layer's output words; the MCU example
 * holds the buffers in static memory and calls the model once, so that {@code arm-none-eabi-size} counts them.
 */
final class CHarnessWriter {
    private CHarnessWriter() {
    }

    static String harness(String prefix) {
        String m = prefix.toUpperCase(Locale.ROOT);
        return "/* " + prefix + "_harness.c: reads images from an IDX file (uint8) and prints the predictions of "
                + prefix + ".\n"
                + " * Build: gcc -std=c99 -O2 -o harness " + prefix + "_harness.c " + prefix + ".c\n"
                + " * Run:   ./harness t10k-images-idx3-ubyte [--trace] [--limit N]\n"
                + " * Output: one line per image, 'INDEX PREDICTION'; with --trace before it one line per bit layer,\n"
                + " * 'INDEX L<layer> C H W <words in hex>' (NHWC, 32 channels per word, see " + prefix + ".h). */\n"
                + "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"" + prefix + ".h\"\n\n"
                + "static uint32_t work[" + m + "_WORK_WORDS];\n"
                + "static float input[" + m + "_INPUT_SIZE];\n"
                + "static float scores[" + m + "_CLASSES];\n"
                + "static uint8_t pixels[" + m + "_INPUT_SIZE];\n\n"
                + "static void trace(void *context, int layer, const uint32_t *bits, int c, int h, int w) {\n"
                + "    long index = *(const long *) context;\n"
                + "    int words = h * w * ((c + 31) / 32), i;\n"
                + "    printf(\"%ld L%d %d %d %d \", index, layer, c, h, w);\n"
                + "    for (i = 0; i < words; i++) {\n"
                + "        printf(\"%08lx\", (unsigned long) bits[i]);\n"
                + "    }\n"
                + "    putchar('\\n');\n"
                + "}\n\n"
                + "static unsigned long be32(const unsigned char *b) {\n"
                + "    return ((unsigned long) b[0] << 24) | ((unsigned long) b[1] << 16) | ((unsigned long) b[2] << 8)"
                + " | b[3];\n}\n\n"
                + "int main(int argc, char **argv) {\n"
                + "    FILE *f;\n"
                + "    unsigned char head[4], dim[4];\n"
                + "    unsigned long count, size = 1;\n"
                + "    long i, limit = -1;\n"
                + "    int d, dims, tracing = 0, a;\n"
                + "    if (argc < 2) {\n"
                + "        fprintf(stderr, \"usage: %s IMAGES.idx [--trace] [--limit N]\\n\", argv[0]);\n"
                + "        return 2;\n"
                + "    }\n"
                + "    for (a = 2; a < argc; a++) {\n"
                + "        if (strcmp(argv[a], \"--trace\") == 0) {\n"
                + "            tracing = 1;\n"
                + "        } else if (strcmp(argv[a], \"--limit\") == 0 && a + 1 < argc) {\n"
                + "            limit = atol(argv[++a]);\n"
                + "        } else {\n"
                + "            fprintf(stderr, \"unknown option %s\\n\", argv[a]);\n"
                + "            return 2;\n"
                + "        }\n"
                + "    }\n"
                + "    f = fopen(argv[1], \"rb\");\n"
                + "    if (!f || fread(head, 1, 4, f) != 4 || head[0] != 0 || head[1] != 0 || head[2] != 8"
                + " || head[3] < 2) {\n"
                + "        fprintf(stderr, \"%s: not an IDX file of unsigned bytes\\n\", argv[1]);\n"
                + "        return 2;\n"
                + "    }\n"
                + "    dims = head[3];\n"
                + "    if (fread(dim, 1, 4, f) != 4) {\n"
                + "        fprintf(stderr, \"%s: truncated header\\n\", argv[1]);\n"
                + "        return 2;\n"
                + "    }\n"
                + "    count = be32(dim);\n"
                + "    for (d = 1; d < dims; d++) {\n"
                + "        if (fread(dim, 1, 4, f) != 4) {\n"
                + "            fprintf(stderr, \"%s: truncated header\\n\", argv[1]);\n"
                + "            return 2;\n"
                + "        }\n"
                + "        size *= be32(dim);\n"
                + "    }\n"
                + "    if (size != " + m + "_INPUT_SIZE) {\n"
                + "        fprintf(stderr, \"%s: images of %lu values, the model takes %d\\n\", argv[1], size, "
                + m + "_INPUT_SIZE);\n"
                + "        return 2;\n"
                + "    }\n"
                + "    for (i = 0; i < (long) count && (limit < 0 || i < limit); i++) {\n"
                + "        int prediction;\n"
                + "        if (fread(pixels, 1, " + m + "_INPUT_SIZE, f) != " + m + "_INPUT_SIZE) {\n"
                + "            fprintf(stderr, \"%s: truncated at image %ld\\n\", argv[1], i);\n"
                + "            return 2;\n"
                + "        }\n"
                + "        " + prefix + "_normalize_u8(pixels, input);\n"
                + "        prediction = " + prefix + "_infer(input, scores, work, tracing ? trace : 0, &i);\n"
                + "        printf(\"%ld %d\\n\", i, prediction);\n"
                + "    }\n"
                + "    fclose(f);\n"
                + "    return 0;\n"
                + "}\n";
    }

    static String mcuExample(String prefix) {
        String m = prefix.toUpperCase(Locale.ROOT);
        return "/* " + prefix + "_mcu.c: how firmware holds the model's buffers (static, no heap) and runs it.\n"
                + " * The size report of 'bitflow export c' builds this file with " + prefix + ".c for a Cortex-M4. */\n"
                + "#include \"" + prefix + ".h\"\n\n"
                + "static uint32_t " + prefix + "_work[" + m + "_WORK_WORDS];\n"
                + "float " + prefix + "_input[" + m + "_INPUT_SIZE];\n"
                + "float " + prefix + "_scores[" + m + "_CLASSES];\n\n"
                + "/* Fill " + prefix + "_input (or call " + prefix + "_normalize_u8 on a camera frame), then call"
                + " this. */\n"
                + "int " + prefix + "_classify(void) {\n"
                + "    return " + prefix + "_infer(" + prefix + "_input, " + prefix + "_scores, " + prefix + "_work, 0, 0);\n"
                + "}\n";
    }
}
