// `predict`: picture conversion with exact expected pixels, and top-3 output equal to the model's own softmax.
package dev.alexnet.cli;

import static dev.alexnet.cli.CliTest.assertOneLineError;
import static dev.alexnet.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.data.FashionMnist;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.InputPipeline;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictTest {
    static BufferedImage grey(int w, int h, int[] levels) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int v = levels[y * w + x];
            img.setRGB(x, y, v << 16 | v << 8 | v);
        }
        return img;
    }

    /** 28x28: background 20, a lighter item whose levels vary, never touching the border. */
    static int[] item28() {
        int[] px = new int[784];
        for (int i = 0; i < 784; i++) {
            int y = i / 28, x = i % 28;
            px[i] = y >= 4 && y < 24 && x >= 6 && x < 22 ? 100 + 5 * x + 2 * y : 20;
        }
        return px;
    }

    @Test
    void aDarkBackground28x28PictureIsTakenAsItIs() {
        int[] px = item28();
        ImageInput.Converted c = ImageInput.convert(grey(28, 28, px), 28);
        assertFalse(c.inverted());
        for (int i = 0; i < 784; i++) assertEquals(px[i], c.pixels()[i] & 0xff, "pixel " + i);
    }

    @Test
    void aLightBackgroundIsInvertedAndALargePictureAreaAveraged() {
        // 56x56 white with a black 28x28 square at [14, 42): inverted and halved, a 255 square at [7, 21) on 0.
        int[] px = new int[56 * 56];
        for (int i = 0; i < px.length; i++) {
            int y = i / 56, x = i % 56;
            px[i] = y >= 14 && y < 42 && x >= 14 && x < 42 ? 0 : 255;
        }
        ImageInput.Converted c = ImageInput.convert(grey(56, 56, px), 28);
        assertTrue(c.inverted());
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) {
            int want = y >= 7 && y < 21 && x >= 7 && x < 21 ? 255 : 0;
            assertEquals(want, c.pixels()[y * 28 + x] & 0xff, "(" + y + ", " + x + ")");
        }
        // Odd scale: 3x3 blocks of levels 0..8 average to exactly 4.
        int[] blocks = new int[84 * 84];
        for (int i = 0; i < blocks.length; i++) blocks[i] = (i / 84 % 3) * 3 + i % 84 % 3;
        byte[] out = ImageInput.convert(grey(84, 84, blocks), 28).pixels();
        for (byte b : out) assertEquals(4, b & 0xff);
    }

    @Test
    void aWidePictureIsPaddedToASquareWithItsBackground() {
        int[] px = new int[56 * 28];
        java.util.Arrays.fill(px, 10);
        for (int y = 8; y < 20; y++) for (int x = 20; x < 36; x++) px[y * 56 + x] = 200;
        byte[] out = ImageInput.convert(grey(56, 28, px), 28).pixels();
        // The 28 rows land on rows 14..41 of a 56x56 square: output rows 0..6 and 21..27 are background.
        for (int y : new int[]{0, 3, 6, 21, 27}) for (int x = 0; x < 28; x++) assertEquals(10, out[y * 28 + x] & 0xff);
        assertEquals(200, out[14 * 28 + 14] & 0xff, "the item, at the centre");
    }

    @Test
    void transparencyCountsAsAWhiteBackground() {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB); // all transparent
        for (int y = 10; y < 18; y++) for (int x = 10; x < 18; x++) img.setRGB(x, y, 0xff000000); // opaque black
        ImageInput.Converted c = ImageInput.convert(img, 28);
        assertTrue(c.inverted());
        assertEquals(0, c.pixels()[0]);
        assertEquals(255, c.pixels()[14 * 28 + 14] & 0xff);
    }

    @Test
    void predictPrintsTheTopThreeOfTheModelsSoftmax(@TempDir Path tmp) throws IOException {
        AlexNetConfig cfg = AlexNetConfig.fashion();
        Path model = tmp.resolve("model.safetensors");
        int[] px = item28();
        double[] expected;
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(cfg, be, 1)) {
            net.initialize(Init.HE, 8);
            ModelFile.save(net, model, Map.of());
            byte[] bytes = new byte[784];
            for (int i = 0; i < 784; i++) bytes[i] = (byte) px[i];
            float[] in = new float[784], logits = new float[10];
            new InputPipeline(cfg).image(new Dataset(1, 28, 28, bytes, new byte[1]), 0, in, 0);
            be.copyIn(in, net.input());
            be.copyOut(net.forward(false), logits);
            expected = PredictCommand.softmax(logits, 0, 10);
        }
        Path png = tmp.resolve("item.png"), jpg = tmp.resolve("photo.jpg");
        ImageIO.write(grey(28, 28, px), "png", png.toFile());
        int[] big = new int[300 * 200];
        java.util.Arrays.fill(big, 240);
        ImageIO.write(grey(300, 200, big), "jpg", jpg.toFile());

        CliTest.Outcome o = run("predict", "--model", model.toString(), "--backend", "reference", "--json",
                png.toString(), jpg.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("\"image\": \"" + png + "\", \"inverted\": false"), o.out());
        assertTrue(o.out().contains("\"image\": \"" + jpg + "\", \"inverted\": true"), o.out());
        Matcher m = Pattern.compile("\\{\"class\": \"([^\"]+)\", \"label\": (\\d), \"probability\": ([0-9.]+)\\}").matcher(o.out());
        List<double[]> found = new ArrayList<>();
        while (m.find()) {
            assertEquals(FashionMnist.CLASS_NAMES.get(Integer.parseInt(m.group(2))), m.group(1));
            found.add(new double[]{Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3))});
        }
        assertEquals(6, found.size(), "three classes for each of two images: " + o.out());
        Integer[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        java.util.Arrays.sort(order, (a, b) -> Double.compare(expected[b], expected[a]));
        for (int j = 0; j < 3; j++) {
            assertEquals(order[j], (int) found.get(j)[0], "rank " + j);
            assertEquals(expected[order[j]], found.get(j)[1], 1e-6, "probability of rank " + j);
        }

        CliTest.Outcome text = run("predict", "--model", model.toString(), "--backend", "reference", png.toString());
        assertEquals(0, text.code(), text.err());
        String line = text.out().strip();
        assertTrue(line.startsWith(png + ": " + FashionMnist.CLASS_NAMES.get(order[0])), line);
        assertEquals(3, line.split(", ").length, line);
    }

    @Test
    void badPicturesAndOptionsAreOneLine(@TempDir Path tmp) throws IOException {
        Path model = tmp.resolve("model.safetensors");
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(AlexNetConfig.fashion(), be, 1)) {
            net.initialize(Init.HE, 8);
            ModelFile.save(net, model, Map.of());
        }
        Path junk = Files.writeString(tmp.resolve("notes.png"), "not a picture");
        assertOneLineError(run("predict", "--model", model.toString(), junk.toString()), 3, "notes.png", "not a PNG or JPEG");
        assertOneLineError(run("predict", "--model", model.toString(), tmp.resolve("gone.png").toString()), 2, "gone.png");
        assertOneLineError(run("predict", "--model", model.toString(), "--top", "11", junk.toString()), 2, "--top");
        assertOneLineError(run("predict", "--model", tmp.resolve("none").toString(), junk.toString()), 2, "--model");
        assertOneLineError(run("predict", "--model", model.toString()), 2, "IMAGE");
    }
}
