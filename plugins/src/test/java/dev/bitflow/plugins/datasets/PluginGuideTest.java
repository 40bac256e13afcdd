package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin guide in docs/data.md ("Writing a data-set plugin") works as written: its Java source compiles against
 * the engine alone, the service file it writes names the class, and the jar it builds is found and serves data.
 */
class PluginGuideTest {
    /** Read from the source tree: the tests run in the plugins module's folder. */
    private static final Path GUIDE = Path.of("..", "docs", "data.md");

    @TempDir
    Path work;

    @Test
    void theExampleInTheGuideBuildsAWorkingPluginJar() throws IOException {
        String guide = Files.readString(GUIDE);
        String section = guide.substring(guide.indexOf("## Writing a data-set plugin"));
        Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(java.find()).as("a java block in the guide").isTrue();
        String source = java.group(1);
        String pkg = match(source, "package ([\\w.]+);");
        String cls = match(source, "public class (\\w+)");
        String className = pkg + "." + cls;
        // the guide's own build steps: the service file names this class, the jar goes to the plugins folder
        assertThat(section).contains("echo " + className + " \\\n    > mnist-plugin/classes/META-INF/services/"
                + DatasetProvider.class.getName());
        assertThat(section).contains("javac --release 17 -cp $BITFLOW/engine/target/bitflow-engine-0.1.0-SNAPSHOT.jar");
        assertThat(section).contains("jar --create --file ~/.bitflow/plugins/mnist-plugin.jar -C mnist-plugin/classes .");

        Path src = Files.createDirectories(work.resolve("mnist-plugin/src")).resolve(cls + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("mnist-plugin/classes/META-INF/services"))
                .getParent().getParent();
        String engine = Path.of(DatasetProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", engine, "-d",
                classes.toString(), src.toString());
        assertThat(rc).as("javac on the guide's example, against the engine only").isZero();
        Files.writeString(classes.resolve("META-INF/services/" + DatasetProvider.class.getName()), className + "\n");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = plugins.resolve("mnist-plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }

        try (PluginHost host = PluginHost.discover(getClass().getClassLoader(), plugins)) {
            assertThat(host.problems()).isEmpty();
            PluginInfo mnist = host.plugins().stream().filter(p -> p.id().equals("mnist")).findFirst().orElseThrow();
            assertThat(mnist.name()).isEqualTo("MNIST digits");
            assertThat(mnist.source()).isEqualTo(jar.toString());
            DatasetProvider provider = host.services(DatasetProvider.class).stream()
                    .filter(p -> p.id().equals("mnist")).findFirst().orElseThrow();
            assertThat(provider.locationHelp(DataLocation.standard())).contains("put the four MNIST files there");
            Path digits = MiniatureDataSets.idx(work.resolve("digits"), null, 10, 40, 10, 28, 28, 1);
            assertThat(provider.recognize(digits)).isEqualTo(Recognition.FORMAT);
            try (SplitSource test = provider.open(Split.TEST, DataLocation.directory("mnist", digits),
                    SplitRequest.plain())) {
                assertThat(test.count()).isEqualTo(10);
                assertThat(test.classNames()).isEqualTo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
            }
        }
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
