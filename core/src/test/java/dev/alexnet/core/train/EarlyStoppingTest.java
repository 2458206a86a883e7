// Early stopping: the rule on hand-made metrics rows, and a real (tiny) run that stops once validation stalls.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.TinyNets;
import dev.alexnet.core.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    static EpochMetrics row(int epoch, double valAccuracy) {
        return new EpochMetrics(epoch, 0.01, 1, 0.5, 0.5, 1, valAccuracy, 0.5, 1, 1, 0.5, 0.5, 0.5, 0.5);
    }

    @Test
    void bestEpochAndPlateauOnHandMadeRows() {
        List<EpochMetrics> rows = new ArrayList<>(List.of(row(1, 0.70), row(2, 0.80), row(3, 0.80), row(4, 0.79)));
        assertEquals(1, Trainer.bestEpoch(rows), "the first of equal bests");
        assertFalse(Trainer.plateaued(rows, 3), "2 epochs without improvement < patience 3");
        assertTrue(Trainer.plateaued(rows, 2), "2 epochs without improvement = patience 2");
        assertFalse(Trainer.plateaued(rows, 0), "0 turns it off");
        rows.add(row(5, 0.81));
        assertFalse(Trainer.plateaued(rows, 1), "a new best resets the count");
        assertEquals(-1, Trainer.bestEpoch(List.of()));
        assertFalse(Trainer.plateaued(List.of(), 1));
    }

    @Test
    void aRunWhoseValidationNeverImprovesStopsAfterPatiencePlusOneEpochs() {
        SplittableRandom rng = new SplittableRandom(5);
        byte[] px = new byte[48 * 12 * 12], labels = new byte[48];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) rng.nextInt(10);
        Dataset train = new Dataset(48, 12, 12, px, labels), test = train.subset(0, 8);
        // A learning rate so small that the weights, and so the validation accuracy, do not change.
        TrainConfig cfg = new TrainConfig(6, 8, 1e-12, "constant", 0.9, 0, 3, Init.HE, 16, 0, 0);
        try (var be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 8)) {
            net.initialize(Init.HE, 3);
            Trainer.Result r = new Trainer(net, cfg, new TrainListener() {}).earlyStopping(2).run(train, test);
            assertEquals(3, r.epochs().size(), "epoch 1 is the best; epochs 2 and 3 bring nothing; stop");
            assertEquals(8, r.test().confusion().total(), "the test evaluation still runs");
        }
        try (var be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 8)) {
            net.initialize(Init.HE, 3);
            assertEquals(6, new Trainer(net, cfg, new TrainListener() {}).run(train, test).epochs().size(), "off by default");
        }
    }
}
