// Loads the Fashion-MNIST train and test splits from a folder holding the four standard IDX files.
package dev.alexnet.core.data;

import dev.alexnet.core.data.DatasetException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60000 training and 10000 test images of 28x28 grey pixels in 10
 * classes. Each file may be stored gzipped ({@code name.gz}) or raw ({@code name}); the gzipped one wins if both exist.
 */
public final class FashionMnist {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int NUM_CLASSES = 10;
    public static final int TRAIN_COUNT = 60_000;
    public static final int TEST_COUNT = 10_000;

    /** Class names by label index, as published with the dataset. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names (without {@code .gz}), in download order. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private FashionMnist() {}

    /** The two splits. */
    public record Splits(Dataset train, Dataset test) {}

    /** Reads and validates all four files of {@code dir}. */
    public static Splits load(Path dir) {
        List<String> missing = missingFiles(dir);
        if (!missing.isEmpty()) {
            throw new DatasetException(Kind.NOT_FOUND, dir + ": not a Fashion-MNIST folder: missing "
                    + String.join(", ", missing) + " (each may also end in .gz)");
        }
        Dataset train = loadSplit(dir, TRAIN_IMAGES, TRAIN_LABELS);
        Dataset test = loadSplit(dir, TEST_IMAGES, TEST_LABELS);
        return new Splits(train, test);
    }

    /** Base names of the standard files that {@code dir} lacks in both forms; empty when all four are there. */
    public static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String base : FILE_NAMES) {
            if (find(dir, base).isEmpty()) {
                missing.add(base);
            }
        }
        return missing;
    }

    /** {@code dir/base.gz} if it is a regular file, else {@code dir/base}, else empty. */
    public static Optional<Path> find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(base);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    private static Dataset loadSplit(Path dir, String imagesBase, String labelsBase) {
        Path imagesFile = require(dir, imagesBase);
        Path labelsFile = require(dir, labelsBase);
        IdxReader.Images images = IdxReader.readImages(imagesFile, ROWS, COLS);
        byte[] labels = IdxReader.readLabels(labelsFile, NUM_CLASSES);
        if (images.count() != labels.length) {
            throw new DatasetException(Kind.COUNT_MISMATCH, IdxReader.name(imagesFile) + " has " + images.count()
                    + " images but " + IdxReader.name(labelsFile) + " has " + labels.length + " labels");
        }
        return new Dataset(images.count(), images.rows(), images.cols(), images.pixels(), labels);
    }

    private static Path require(Path dir, String base) {
        return find(dir, base).orElseThrow(() -> new DatasetException(Kind.NOT_FOUND,
                dir + ": missing " + base + " (or " + base + ".gz)"));
    }
}
