// DataLocator's search order and messages, with an injected environment, home and system folder.
package dev.alexnet.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.DataLocator.Found;
import dev.alexnet.core.data.DataLocator.NotFound;
import dev.alexnet.core.data.DataLocator.Source;
import dev.alexnet.core.data.DatasetException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path tmp;

    /** A folder with the four file names present (contents are not looked at by the locator). */
    private Path dataset(String name) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (String base : FashionMnist.FILE_NAMES) {
            Files.write(d.resolve(base + ".gz"), new byte[0]);
        }
        return d;
    }

    private Path home() throws IOException {
        return Files.createDirectories(tmp.resolve("home"));
    }

    @Test
    void explicitFolderWins() throws IOException {
        Path d = dataset("given");
        Path env = dataset("env");
        DataLocator loc = new DataLocator(Map.of(DataLocator.ENV_VAR, env.toString()), home(), dataset("sys"));
        Found f = assertInstanceOf(Found.class, loc.locate(d));
        assertEquals(d, f.dir());
        assertEquals(Source.EXPLICIT, f.source());
        assertEquals("Using " + d + ", given with --data.", f.reason());
    }

    @Test
    void wrongExplicitFolderIsAnErrorWithoutFallback() throws IOException {
        Path bad = tmp.resolve("nowhere");
        DataLocator loc = new DataLocator(Map.of(), home(), dataset("sys"));
        DatasetException e = assertThrows(DatasetException.class, () -> loc.locate(bad));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("--data " + bad + ": does not exist", e.getMessage());
        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.write(partial.resolve(FashionMnist.TRAIN_IMAGES), new byte[0]);
        assertEquals("--data " + partial + ": missing train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                + "t10k-labels-idx1-ubyte (raw or .gz)", assertThrows(DatasetException.class, () -> loc.locate(partial)).getMessage());
    }

    @Test
    void environmentBeforeSystem() throws IOException {
        Path env = dataset("env");
        DataLocator loc = new DataLocator(Map.of(DataLocator.ENV_VAR, env.toString()), home(), dataset("sys"));
        Found f = assertInstanceOf(Found.class, loc.locate(null));
        assertEquals(env, f.dir());
        assertEquals(Source.ENVIRONMENT, f.source());
    }

    @Test
    void brokenEnvironmentFallsThroughAndIsMentioned() throws IOException {
        Path sys = dataset("sys");
        Path env = tmp.resolve("typo");
        DataLocator loc = new DataLocator(Map.of(DataLocator.ENV_VAR, env.toString()), home(), sys);
        Found f = assertInstanceOf(Found.class, loc.locate(null));
        assertEquals(sys, f.dir());
        assertEquals(Source.SYSTEM, f.source());
        assertEquals("Using " + sys + ", the system copy (Debian package dataset-fashion-mnist). Passed over: "
                + env + " (from $FASHION_MNIST_DIR): does not exist.", f.reason());
    }

    @Test
    void cacheUnderXdgOrHome() throws IOException {
        Path home = home();
        Path xdg = Files.createDirectories(tmp.resolve("xdg"));
        DataLocator plain = new DataLocator(Map.of(), home, tmp.resolve("nosys"));
        assertEquals(home.resolve(".cache/alexnet/fashion-mnist"), plain.cacheDir());
        DataLocator withXdg = new DataLocator(Map.of("XDG_CACHE_HOME", xdg.toString()), home, tmp.resolve("nosys"));
        assertEquals(xdg.resolve("alexnet/fashion-mnist"), withXdg.cacheDir());
        // A relative XDG_CACHE_HOME is invalid by the XDG spec and ignored.
        assertEquals(home.resolve(".cache/alexnet/fashion-mnist"),
                new DataLocator(Map.of("XDG_CACHE_HOME", "rel"), home, tmp.resolve("nosys")).cacheDir());

        Path cache = withXdg.cacheDir();
        Files.createDirectories(cache);
        for (String base : FashionMnist.FILE_NAMES) {
            Files.write(cache.resolve(base), new byte[0]);
        }
        Found f = assertInstanceOf(Found.class, withXdg.locate(null));
        assertEquals(cache, f.dir());
        assertEquals(Source.CACHE, f.source());
    }

    @Test
    void notFoundListsEveryPlaceTried() throws IOException {
        Path home = home();
        Path sys = tmp.resolve("nosys");
        DataLocator loc = new DataLocator(Map.of(), home, sys);
        NotFound nf = assertInstanceOf(NotFound.class, loc.locate(null));
        assertEquals(3, nf.tried().size());
        Path cache = home.resolve(".cache/alexnet/fashion-mnist");
        assertEquals("Fashion-MNIST not found; tried:\n"
                + "  $FASHION_MNIST_DIR: not set\n"
                + "  " + sys + " (the system copy (Debian package dataset-fashion-mnist)): does not exist\n"
                + "  " + cache + " (the user cache): does not exist\n"
                + "Install it with `apt-get install dataset-fashion-mnist`, download it into " + cache
                + ", or point --data or $FASHION_MNIST_DIR at a folder holding train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each raw or .gz).",
                nf.message());
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = Files.write(tmp.resolve("file"), new byte[0]);
        DataLocator loc = new DataLocator(Map.of(), home(), tmp.resolve("nosys"));
        assertTrue(assertThrows(DatasetException.class, () -> loc.locate(file)).getMessage().endsWith(": is not a folder"));
    }
}
