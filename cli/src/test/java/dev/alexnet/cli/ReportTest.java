// The run report end to end on a made-up run folder: every file, re-rendering from files, the overlay of runs, and the page in headless Chromium.
package dev.alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.report.ConfusionCsv;
import dev.alexnet.core.train.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportTest {
    static { System.setProperty("java.awt.headless", "true"); }

    static final String HEADER = "epoch,lr,train_loss,train_accuracy,train_precision,val_loss,val_accuracy,val_precision,"
            + "seconds,images_per_second,train_recall,val_recall,train_f1,val_f1";

    @TempDir Path tmp;

    /** A 10-class test confusion of 1,000 images per class, about 90 % right, seed 5. */
    static ConfusionMatrix confusion() {
        ConfusionMatrix cm = new ConfusionMatrix(10);
        SplittableRandom r = new SplittableRandom(5);
        for (int a = 0; a < 10; a++) {
            for (int i = 0; i < 1000; i++) cm.add(a, r.nextDouble() < 0.9 - 0.03 * (a % 3) ? a : r.nextInt(10));
        }
        return cm;
    }

    /** A run folder as train writes it before the report: metrics.csv (with recall and F1) and summary.json. */
    static Path run(Path dir, int epochs, double rate) throws Exception {
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int e = 1; e <= epochs; e++) {
            double t = 1 - Math.exp(-rate * e), lr = 0.01 * (1 + Math.cos(Math.PI * (e - 1) / epochs)) / 2;
            sb.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.2f,%.6f,%.6f,%.6f,%.6f%n", e, lr,
                    1.2 - 0.9 * t, 0.6 + 0.3 * t, 0.6 + 0.3 * t, 1.0 - 0.7 * t, 0.65 + 0.26 * t, 0.66 + 0.25 * t, 30.0, 2000.0,
                    0.6 + 0.29 * t, 0.64 + 0.26 * t, 0.59 + 0.3 * t, 0.63 + 0.27 * t));
        }
        Files.writeString(dir.resolve("metrics.csv"), sb.toString());
        Files.writeString(dir.resolve("summary.json"), new Json().put("preset", "fashion").put("backend", "cpu").put("epochs", epochs)
                .put("batch_size", 128).put("lr", 0.01).put("schedule", "cosine").put("init", "he").put("seed", 42)
                .put("test_images", 10000).put("test_loss", 0.2871).put("test_accuracy", 0.9012).put("test_precision", 0.9021)
                .put("test_recall", 0.9012).put("test_f1", 0.9009).put("images_per_second", 2034.5).put("parameters", 8757386L)
                .put("finished", "2026-01-01T00:00:00Z").toPrettyString());
        return dir;
    }

    static BufferedImage png(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a PNG");
        return img;
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) seen.add(img.getRGB(x, y) & 0xFFFFFF);
        return seen.size();
    }

    @Test
    void writeProducesEveryFileOfTheReport() throws Exception {
        Path dir = run(tmp.resolve("run-a"), 6, 0.5);
        ConfusionMatrix cm = confusion();
        Path html = ReportWriter.write(dir, new ReportWriter.ReportInputs(AlexNetConfig.fashion(), cm));
        assertEquals(dir.resolve("report.html"), html);
        for (String f : List.of("loss", "accuracy", "precision", "recall", "f1", "lr")) {
            BufferedImage img = png(dir.resolve(f + ".png"));
            assertEquals(1000, img.getWidth(), f);
            assertEquals(650, img.getHeight(), f);
        }
        assertEquals(1000, png(dir.resolve("confusion.png")).getWidth());
        BufferedImage arch = png(dir.resolve("architecture.png"));
        assertEquals(dev.alexnet.plots.ArchitecturePlot.height(1 + dev.alexnet.core.model.Architecture.rows(AlexNetConfig.fashion()).size()),
                arch.getHeight(), "one box per layer plus the input");
        assertArrayEquals(cm.toIntArray(), ConfusionCsv.read(dir.resolve("confusion.csv")).matrix().toIntArray());
        List<String> perClass = Files.readAllLines(dir.resolve("per_class.csv"));
        assertEquals(11, perClass.size());
        assertEquals("class,precision,recall,f1,support", perClass.get(0));
        assertTrue(perClass.get(10).startsWith("Ankle boot,") && perClass.get(10).endsWith(",1000"), perClass.get(10));
        assertEquals(String.format(Locale.ROOT, "Trouser,%.6f,%.6f,%.6f,1000", cm.precision(1), cm.recall(1), cm.f1(1)), perClass.get(2));

        String page = Files.readString(html);
        assertEquals(8, page.split("data:image/png;base64,", -1).length - 1, "six curves, the confusion matrix and the architecture");
        for (String s : List.of("90.12 %", "0.9009", "T-shirt/top", "Ankle boot", "macro average", String.format(Locale.ROOT, "Total parameters: %,d", dev.alexnet.core.model.Architecture.totalParams(AlexNetConfig.fashion())),
                "Per-epoch metrics", "<th>schedule</th><td>cosine</td>", "val f1")) {
            assertTrue(page.contains(s), "report.html lacks " + s);
        }
        assertFalse(page.contains("http://") || page.contains("https://"), "no network references");
    }

    @Test
    void renderRedrawsFromTheFilesAlone() throws Exception {
        Path dir = run(tmp.resolve("run-b"), 3, 0.8);
        ReportWriter.write(dir, new ReportWriter.ReportInputs(AlexNetConfig.fashion(), confusion()));
        String first = Files.readString(dir.resolve("report.html"));
        for (String f : List.of("report.html", "confusion.png", "architecture.png", "per_class.csv", "loss.png")) Files.delete(dir.resolve(f));
        ReportWriter.render(dir);
        for (String f : List.of("confusion.png", "architecture.png", "per_class.csv", "loss.png")) assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        assertEquals(first, Files.readString(dir.resolve("report.html")), "the same page, byte for byte");
    }

    static CommandLine report() {
        CommandLine cl = new CommandLine(new ReportCommand());
        cl.setExecutionExceptionHandler((ex, c, parsed) -> Exit.report(ex, false));
        cl.setParameterExceptionHandler((ex, a) -> Exit.USAGE);
        return cl;
    }

    @Test
    void reportCommandOverlaysSeveralRuns() throws Exception {
        Path a = run(tmp.resolve("cosine"), 5, 0.4), b = run(tmp.resolve("plateau"), 7, 0.9);
        ReportWriter.write(a, new ReportWriter.ReportInputs(AlexNetConfig.fashion(), confusion()));
        Path out = tmp.resolve("compare");
        assertEquals(Exit.OK, report().execute(a.toString(), b.toString(), "--out", out.toString()));
        assertTrue(Files.isRegularFile(b.resolve("report.html")), "each run's report is drawn too");
        assertFalse(Files.exists(b.resolve("confusion.png")), "no confusion.csv, so no confusion chart");
        for (String c : List.of("val_accuracy", "val_loss", "val_f1", "train_loss", "lr")) {
            assertEquals(1000, png(out.resolve("overlay_" + c + ".png")).getWidth(), c);
        }
        String page = Files.readString(out.resolve("report.html"));
        assertEquals(5, page.split("data:image/png;base64,", -1).length - 1);
        assertTrue(page.contains(">cosine<") && page.contains(">plateau<") && page.contains("90.12 %") && page.contains(">2035<"), "runs table");
        Path sample = Files.createDirectories(Path.of("target", "report-sample-overlay"));
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) Files.copy(f, sample.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // Errors: a folder that is not a run, a used --out, --out with one run.
        assertEquals(Exit.USAGE, report().execute(tmp.resolve("nothing").toString()));
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(Exit.USAGE, report().execute(tmp.resolve("empty").toString()));
        assertEquals(Exit.OUTPUT, report().execute(a.toString(), b.toString(), "--out", out.toString()));
        assertEquals(Exit.USAGE, report().execute(a.toString(), "--out", tmp.resolve("x").toString()));
        Files.writeString(a.resolve("metrics.csv"), HEADER + "\n1,2,3\n");
        assertEquals(Exit.DATA, report().execute(a.toString()));
    }

    static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        return null;
    }

    @Test
    void pageRendersInHeadlessChromium() throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "chromium is not installed (apt-get install -y chromium); skipping the browser check");
        Path dir = run(tmp.resolve("run-c"), 8, 0.5);
        Path html = ReportWriter.write(dir, new ReportWriter.ReportInputs(AlexNetConfig.fashion(), confusion()));
        Path shot = tmp.resolve("screenshot.png"), profile = Files.createDirectories(tmp.resolve("profile"));
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--screenshot=" + shot, "--window-size=1280,2000", html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        BufferedImage img = png(shot);
        assertEquals(1280, img.getWidth());
        assertEquals(2000, img.getHeight());
        assertTrue(colours(img) > 200, "the screenshot shows charts, not a blank or error page: " + colours(img) + " colours");
        // Keep a copy for a person to look at.
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path sample = Files.createDirectories(Path.of("target", "report-sample"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.copy(f, sample.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
