package dev.bitflow.app.viewmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.TestImageFolders;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelData;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Training view's data picker without the FX toolkit: a built-in set or a chosen folder is read in the
 * background, its classes, counts, a grid per class and the augmented first batch appear, problems (other class
 * counts, a bad file) stop Start with the file named, and a long read can be stopped.
 */
class DataPickerViewModelTest {
    @TempDir
    Path dir;
    private final Engine engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
    private final List<String> errors = new ArrayList<>();

    private TrainingViewModel training(String sample) {
        SameThreadTaskExecutor inline = new SameThreadTaskExecutor();
        TrainingViewModel vm = new TrainingViewModel(engine.training(), engine.definitions(), engine.datasets(),
                new RunsViewModel(engine.runs(), dir.resolve("runs"), inline, Runnable::run), inline);
        vm.setErrorSink(errors::add);
        vm.definitionProperty().set(engine.definitions().sample(sample));
        vm.epochsProperty().set(1);
        vm.batchSizeProperty().set(16);
        return vm;
    }

    @Test
    void theMiniSetIsDescribedWithAGridPerClassAndTheFirstBatch() {
        TrainingViewModel vm = training("fashion-bcnn");
        DataPickerViewModel picker = vm.dataPicker();
        assertThat(vm.dataProperty().get().location()).isEqualTo(DataLocation.mini());
        assertThat(picker.summaryProperty().get().id()).isEqualTo("fashion-mnist");
        assertThat(picker.classCounts()).hasSize(10).allSatisfy(c -> {
            assertThat(c.train()).isEqualTo(600);
            assertThat(c.test()).isEqualTo(100);
        });
        assertThat(picker.classCounts().get(9).name()).isEqualTo("Ankle boot");
        assertThat(picker.grid()).hasSize(40); // 10 classes: 4 of each
        assertThat(picker.grid()).extracting(ImageSample::label).startsWith(0, 0, 0, 0, 1);
        assertThat(picker.batch()).hasSize(16);
        assertThat(picker.augmentationProperty().get()).isEqualTo("none");
        assertThat(picker.busyProperty().get()).isFalse();
        assertThat(vm.dataProblemProperty().get()).isEmpty();
        // a colour network on grey 28x28 images: said before Start, with where its own data comes from
        vm.definitionProperty().set(engine.definitions().sample("cifar-bcnn"));
        assertThat(vm.dataProblemProperty().get()).startsWith("cifar-bcnn takes 3x32x32 inputs but Fashion-MNIST"
                + " (mini) has 1x28x28 examples").contains("its data set cifar10 may have to be chosen as a folder");
    }

    @Test
    void aChosenFolderIsDetectedAndItsClassCountCheckedAgainstTheNetwork() throws IOException {
        Path folder = TestImageFolders.shades(dir.resolve("shades"), 28, 12, 3);
        TrainingViewModel vm = training("fashion-bcnn");
        vm.chooseFolder(folder, null);
        DataPickerViewModel picker = vm.dataPicker();
        assertThat(picker.summaryProperty().get().location()).isEqualTo(DataLocation.directory("images", folder));
        assertThat(picker.classCounts()).extracting(DataPickerViewModel.ClassCount::name).containsExactly("dark", "light");
        assertThat(picker.classCounts()).extracting(DataPickerViewModel.ClassCount::train).containsExactly(12, 12);
        assertThat(picker.grid()).hasSize(12).extracting(ImageSample::labelName).contains("dark", "light");
        assertThat(vm.dataProblemProperty().get()).startsWith("fashion-bcnn ends in 10 outputs (fc2), but Image folders"
                + " (images:" + folder + ") has 2 classes");
        // editing the definition keeps the folder; a 2-class network fits
        vm.definitionProperty().set(engine.definitions().sample("fashion-bcnn-2class"));
        assertThat(vm.dataProperty().get().isFolder()).isTrue();
        assertThat(vm.dataProblemProperty().get()).isEmpty();
        // the batch preview follows the definition's augmentation
        NetworkDefinition d = vm.definitionProperty().get();
        vm.definitionProperty().set(d.withTraining(d.training().withAugmentation(new Augmentation(4, 0, true))));
        assertThat(picker.augmentationProperty().get()).isEqualTo("random crop with 4 px padding, horizontal flip");
        assertThat(picker.batch()).hasSize(16);
        // training on it: the model remembers the folder, and the views read its test images from there
        vm.maxTrainExamplesProperty().set(0);
        vm.start();
        assertThat(errors).isEmpty();
        assertThat(vm.evaluationProperty().get().classNames()).containsExactly("dark", "light");
        assertThat(vm.evaluationProperty().get().examples()).isEqualTo(6);
        assertThat(ModelData.of(vm.modelProperty().get().definition()))
                .isEqualTo(DataLocation.directory("images", folder.toAbsolutePath()));
    }

    @Test
    void aBadFileOrAWrongKindIsShownAndStopsStart() throws IOException {
        Path folder = TestImageFolders.shades(dir.resolve("shades"), 28, 4, 3);
        AtomicFiles.writeString(folder.resolve("train/dark/notes.txt"), "not an image");
        TrainingViewModel vm = training("fashion-bcnn-2class");
        vm.chooseFolder(folder, null);
        assertThat(vm.dataPicker().errorProperty().get()).isEqualTo("train/dark/notes.txt: not an image file (expected"
                + " bmp, gif, jpeg, jpg, png)");
        assertThat(vm.dataProblemProperty().get()).isEqualTo(vm.dataPicker().errorProperty().get());
        vm.start();
        assertThat(vm.runs()).isEmpty();
        assertThat(errors).singleElement().asString().startsWith("Cannot train: train/dark/notes.txt");
        // read as CIFAR-10 instead: it is not that either
        vm.folderKindProperty().set(vm.folderKinds().stream().filter(k -> "cifar10".equals(k.id())).findFirst()
                .orElseThrow());
        assertThat(vm.dataProperty().get().location()).isEqualTo(DataLocation.directory("cifar10", folder.toAbsolutePath()));
        assertThat(vm.dataProblemProperty().get()).contains("holds no CIFAR-10 batches");
    }

    @Test
    void aLongReadCanBeStoppedAndIsReadAgainNextTime() throws IOException {
        Path folder = TestImageFolders.shades(dir.resolve("shades"), 28, 4, 3);
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        DataPickerViewModel picker = new DataPickerViewModel(engine.datasets(), engine.training(), tasks);
        NetworkDefinition twoClasses = engine.definitions().sample("fashion-bcnn-2class");
        TrainingRequest request = TrainingRequest.of(twoClasses.withDataset(new DatasetRef("images", List.of(),
                twoClasses.dataset().normalization())), DataLocation.directory(folder));
        picker.show(request);
        assertThat(picker.busyProperty().get()).isTrue();
        picker.show(request); // the same look is already running: nothing new starts
        assertThat(tasks.pending()).isEqualTo(1);
        picker.cancel();
        tasks.runAll();
        assertThat(picker.busyProperty().get()).isFalse();
        assertThat(picker.statusProperty().get()).isEqualTo("Stopped reading the data");
        assertThat(picker.summaryProperty().get()).isNull();
        picker.show(request);
        tasks.runAll();
        assertThat(picker.errorProperty().get()).isEmpty();
        assertThat(picker.summaryProperty().get().classNames()).containsExactly("dark", "light");
    }
}
