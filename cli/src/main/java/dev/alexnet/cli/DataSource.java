// Finds Fashion-MNIST (or offers to download it) and loads it, saying in one line where it came from.
package dev.alexnet.cli;

import dev.alexnet.core.data.DataLocator;
import dev.alexnet.core.data.DatasetException;
import dev.alexnet.core.data.Downloader;
import dev.alexnet.core.data.FashionMnist;
import java.io.Console;
import java.nio.file.Path;
import java.util.Locale;

/** The data step of train and evaluate. */
final class DataSource {
    private DataSource() {}

    static FashionMnist.Splits load(CommonOptions o) {
        DataLocator locator = DataLocator.system();
        DataLocator.Result r = locator.locate(o.data);
        Path dir;
        if (r instanceof DataLocator.Found f) {
            dir = f.dir();
            System.err.println("alexnet: " + f.reason());
        } else {
            DataLocator.NotFound nf = (DataLocator.NotFound) r;
            Console console = System.console();
            boolean yes = o.download;
            if (!yes && console != null) {
                String answer = console.readLine("%s%nDownload it now (about 30 MB, MD5-checked) into %s? [y/N] ",
                        nf.message(), nf.cacheDir());
                yes = answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
            }
            if (!yes) {
                throw new DatasetException(DatasetException.Kind.NOT_FOUND, nf.message().replace("\n", " ")
                        + " Or run again with --download.");
            }
            System.err.println("alexnet: downloading Fashion-MNIST into " + nf.cacheDir() + " ...");
            dir = Downloader.official().download(nf.cacheDir(), new Downloader.Progress() {
                long lastPrinted;

                @Override
                public void update(String file, long received, long total) {
                    if (received - lastPrinted >= (4 << 20) || received == total) {
                        lastPrinted = received;
                        System.err.printf(Locale.ROOT, "  %s: %.1f / %.1f MB%n", file, received / 1e6, total / 1e6);
                    }
                }
            });
        }
        return FashionMnist.load(dir);
    }
}
