package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that numpy opens what we write: python3 with numpy loads our {@code .npy} files of every dtype and
 * the parameters inside a {@code .bfm} (checking the manifest's SHA-256 with hashlib on the way). Skipped
 * when python3 or numpy is not installed.
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() {
        assumeTrue(run(List.of("python3", "-c", "import numpy"), null).exitCode == 0, "python3 with numpy not available");
    }

    @Test
    void numpyLoadsEveryDtypeWithItsShapeAndValues() throws IOException {
        NpyFiles.write(NpyArray.ofFloats(new int[] {2, 3}, new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}),
                dir.resolve("f4.npy"));
        NpyFiles.write(NpyArray.ofShorts(new int[] {4}, new short[] {-32768, -1, 0, 32767}), dir.resolve("i2.npy"));
        NpyFiles.write(NpyArray.ofInts(new int[] {1, 2, 2}, new int[] {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE}),
                dir.resolve("i4.npy"));
        NpyFiles.write(NpyArray.ofUnsignedBytes(new int[] {}, new byte[] {(byte) 200}), dir.resolve("u1.npy"));
        NpyFiles.write(NpyArray.ofLongs(new int[] {2}, new long[] {Long.MIN_VALUE, 5}), dir.resolve("i8.npy"));
        NpyFiles.write(NpyArray.ofUnsignedLongs(new int[] {2}, new long[] {-1L, 1L << 63}), dir.resolve("u8.npy"));
        String script = String.join("\n",
                "import numpy as np, sys",
                "d = sys.argv[1]",
                "def check(name, dtype, shape, values):",
                "    a = np.load(d + '/' + name + '.npy')",
                "    assert a.dtype == np.dtype(dtype), (name, a.dtype)",
                "    assert a.shape == shape, (name, a.shape)",
                "    assert a.flags['C_CONTIGUOUS']",
                "    assert a.ravel().tolist() == values, (name, a.ravel().tolist())",
                "check('f4', '<f4', (2, 3), [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5])",
                "check('i2', '<i2', (4,), [-32768, -1, 0, 32767])",
                "check('i4', '<i4', (1, 2, 2), [-2**31, -7, 0, 2**31 - 1])",
                "check('u1', 'u1', (), [200])",
                "check('i8', '<i8', (2,), [-2**63, 5])",
                "check('u8', '<u8', (2,), [2**64 - 1, 2**63])",
                "print('ok')");
        Result r = python(script, dir.toString());
        assertThat(r.output).as(r.output).contains("ok");
        assertThat(r.exitCode).isZero();
    }

    @Test
    void numpyOpensTheParametersOfAModelFile() throws IOException {
        Path file = dir.resolve("tiny.bfm");
        BfmWriter.write(file, TinyModels.model());
        float w = TinyModels.parameters().get("conv2", "W").data()[1 * 36 + 2 * 9 + 1 * 3 + 2];
        String script = String.join("\n",
                "import numpy as np, zipfile, json, hashlib, io, sys",
                "z = zipfile.ZipFile(sys.argv[1])",
                "m = json.loads(z.read('manifest.json'))",
                "assert m['format'] == 'bitflow-model' and m['version'] == 1",
                "for e in m['entries']:",
                "    data = z.read(e['name'])",
                "    assert hashlib.sha256(data).hexdigest() == e['sha256'], e['name']",
                "    assert len(data) == e['size']",
                "W = np.load(io.BytesIO(z.read('params/conv2/W.npy')))",
                "assert W.dtype == np.float32 and W.shape == (8, 4, 3, 3), W.shape",
                "print(repr(float(W[1, 2, 1, 2])))",
                "var = np.load(io.BytesIO(z.read('params/bn1/var.npy')))",
                "assert var.shape == (4,) and (var > 0).all()",
                "print('ok', len(m['entries']))");
        Result r = python(script, file.toString());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("ok");
        assertThat(Float.parseFloat(r.output.lines().findFirst().orElseThrow())).isEqualTo(w);
    }

    private Result python(String script, String arg) throws IOException {
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        return run(List.of("python3", py.toString(), arg), dir);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path workDir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timeout");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
