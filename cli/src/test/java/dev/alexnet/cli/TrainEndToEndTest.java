// Trains the fashion preset on a few thousand real Fashion-MNIST images through the command line, on the cpu backend.
package dev.alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.alexnet.core.data.DataLocator;
import dev.alexnet.core.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEndToEndTest {

    @Test
    void lossFallsAndAccuracyBeatsChanceOnRealData(@TempDir Path tmp) throws Exception {
        DataLocator.Result where = DataLocator.system().locate(null);
        assumeTrue(where instanceof DataLocator.Found,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): " + where.message());
        Path out = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("train", "--backend", "cpu", "--epochs", "2", "--batch-size", "32",
                "--train-limit", "2048", "--val-size", "512", "--test-limit", "1024", "--lr", "0.01",
                "--seed", "7", "--out", out.toString());
        assertEquals(0, o.code(), o.err());

        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        // The walking skeleton's ten columns come first; recall and F1 follow (readers go by name).
        assertEquals("epoch,lr,train_loss,train_accuracy,train_precision,val_loss,val_accuracy,val_precision,seconds,images_per_second,"
                + "train_recall,val_recall,train_f1,val_f1", csv.get(0));
        assertEquals(3, csv.size(), "header and one row per epoch");
        double loss1 = Double.parseDouble(csv.get(1).split(",")[2]), loss2 = Double.parseDouble(csv.get(2).split(",")[2]);
        assertTrue(loss2 < loss1, "training loss should fall from epoch 1 to 2: " + loss1 + " -> " + loss2);
        double val2 = Double.parseDouble(csv.get(2).split(",")[6]);
        assertTrue(val2 > 0.5, "validation accuracy after 2 epochs on 2048 images: " + val2 + " (chance is 0.1)");

        String summary = Files.readString(out.resolve("summary.json"));
        for (String key : List.of("preset", "backend", "epochs", "test_accuracy", "test_precision", "test_loss", "images_per_second")) {
            assertTrue(summary.contains("\"" + key + "\""), key + " in " + summary);
        }
        double testAcc = Double.parseDouble(summary.replaceAll("(?s).*\"test_accuracy\": ([0-9.eE-]+).*", "$1"));
        assertTrue(testAcc > 0.5, "test accuracy " + testAcc);
        assertTrue(summary.contains("\"backend\": \"cpu\""), summary);

        for (String png : List.of("accuracy.png", "precision.png", "loss.png", "recall.png", "f1.png", "lr.png",
                "confusion.png", "architecture.png")) {
            assertTrue(Files.size(out.resolve(png)) > 10_000, png);
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"), "report embeds its images");
        assertEquals(11, Files.readAllLines(out.resolve("per_class.csv")).size(), "header and one row per class");
        // The weights load as safetensors and evaluate reproduces the run's test accuracy.
        assertEquals(16, Safetensors.read(out.resolve("model.safetensors")).tensors().size(), "8 layers x (weight, bias)");
        CliTest.Outcome ev = CliTest.run("evaluate", "--model", out.resolve("model.safetensors").toString(),
                "--backend", "cpu", "--test-limit", "1024");
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", testAcc)), ev.out() + " vs " + testAcc);
    }
}
