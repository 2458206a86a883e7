// Schedules, the validation split, input normalisation and the evaluation loss, against values computed by hand.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNetConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPiecesTest {
    @Test
    void schedules() {
        LrSchedule cos = new LrSchedule("cosine", 0.01, 4);
        assertEquals(0.01, cos.lr(0), 1e-15);
        assertEquals(0.01 * (1 + Math.cos(Math.PI / 4)) / 2, cos.lr(1), 1e-15);
        assertEquals(0.005, cos.lr(2), 1e-15);
        LrSchedule step = new LrSchedule("step", 0.1, 9); // divide by 10 every 3 epochs
        assertEquals(0.1, step.lr(2), 1e-15);
        assertEquals(0.01, step.lr(3), 1e-15);
        assertEquals(0.001, step.lr(8), 1e-15);
        assertEquals(0.3, new LrSchedule("constant", 0.3, 5).lr(4));
        var e = assertThrows(IllegalArgumentException.class, () -> new LrSchedule("linear", 0.1, 3));
        assertTrue(e.getMessage().contains("cosine"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("step", -1, 3));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("step", Double.NaN, 3));
    }

    @Test
    void splitIsDisjointFixedAndLimited() {
        Trainer.Split a = Trainer.split(1000, 100, 0), b = Trainer.split(1000, 100, 0);
        assertArrayEquals(a.validation(), b.validation());
        assertEquals(100, a.validation().length);
        assertEquals(900, a.train().length);
        Set<Integer> seen = new HashSet<>();
        for (int i : a.validation()) seen.add(i);
        for (int i : a.train()) assertTrue(seen.add(i), "index " + i + " in both parts");
        assertEquals(1000, seen.size());
        Trainer.Split limited = Trainer.split(1000, 100, 50);
        assertArrayEquals(a.validation(), limited.validation(), "the limit never changes the validation images");
        assertArrayEquals(Arrays.copyOf(a.train(), 50), limited.train());
        assertThrows(IllegalArgumentException.class, () -> Trainer.split(100, 100, 0));
    }

    @Test
    void inputIsNormalisedAndUpscaledFaithfully() {
        byte[] px = new byte[28 * 28];
        px[0] = (byte) 255;   // top-left corner white, the rest black
        Dataset ds = new Dataset(1, 28, 28, px, new byte[]{3});
        float[] x = new float[28 * 28];
        InputPipeline fashion = new InputPipeline(AlexNetConfig.fashion());
        fashion.image(ds, 0, x, 0);
        assertEquals((1f - InputPipeline.MEAN) / InputPipeline.STD, x[0], 1e-6);
        assertEquals(-InputPipeline.MEAN / InputPipeline.STD, x[1], 1e-6);

        // A constant image stays constant when upscaled, in all three channels.
        Arrays.fill(px, (byte) 128);
        InputPipeline paper = new InputPipeline(AlexNetConfig.paper());
        float[] big = new float[3 * 227 * 227];
        paper.image(ds, 0, big, 0);
        float want = (128 / 255f - InputPipeline.MEAN) / InputPipeline.STD;
        for (float v : big) assertEquals(want, v, 1e-5);

        float[] batch = new float[2 * 28 * 28];
        Arrays.fill(batch, 9f);
        int[] labels = {7, 7};
        fashion.fill(ds, new int[]{0}, 0, 1, 2, batch, labels);
        assertEquals(3, labels[0]);
        assertEquals(0, labels[1]);
        assertEquals(0f, batch[28 * 28 + 5], "padding slots are zeroed");
    }

    @Test
    void crossEntropyIsStable() {
        // softmax([0, ln 3]) = [1/4, 3/4]: -log(3/4) for label 1
        assertEquals(-Math.log(0.75), Evaluation.crossEntropy(new float[]{0f, (float) Math.log(3)}, 0, 2, 1), 1e-6);
        double big = Evaluation.crossEntropy(new float[]{1000f, 1001f, 1002f}, 0, 3, 0);
        double small = Evaluation.crossEntropy(new float[]{0f, 1f, 2f}, 0, 3, 0);
        assertEquals(small, big, 1e-9);
        assertEquals(2, Evaluation.argmax(new float[]{0f, 1f, 5f, 5f}, 0, 4), "first maximum wins");
    }

    @Test
    void configRejectsBadValuesNamingTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 128, 0.01, "cosine", 0.9, 5e-4, 1,
                dev.alexnet.core.model.Init.HE, 5000, 0, 0));
        assertTrue(e.getMessage().startsWith("--epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 0, 0.01, "cosine", 0.9, 5e-4, 1,
                dev.alexnet.core.model.Init.HE, 5000, 0, 0));
        assertTrue(e.getMessage().startsWith("--batch-size"), e.getMessage());
    }
}
