// A small AlexNet-shaped config (every layer kind, groups included) that runs in milliseconds on the reference backend.
package dev.alexnet.core.model;

import dev.alexnet.core.shape.LrnParams;
import java.util.List;

public final class TinyNets {
    private TinyNets() {}

    /** 1x12x12 -> conv 8 3x3 pad 1, ReLU, LRN, pool 3/2 (5x5) -> conv 8 3x3 pad 1 groups 2, ReLU, pool (2x2) -> 16 -> 10. */
    public static AlexNetConfig tiny() {
        return tiny(0.5f);
    }

    /** The same with dropout probability {@code p} (0 makes steps on a fixed batch a smooth descent). */
    public static AlexNetConfig tiny(float p) {
        return new AlexNetConfig("tiny", 1, 12, 12, 10,
                List.of(new LayerSpec.Conv("conv1", 8, 3, 1, 1, 1, 0f), new LayerSpec.Relu("relu1"),
                        new LayerSpec.Lrn("lrn1", LrnParams.PAPER), new LayerSpec.MaxPool("pool1", 3, 2),
                        new LayerSpec.Conv("conv2", 8, 3, 1, 1, 2, 1f), new LayerSpec.Relu("relu2"),
                        new LayerSpec.MaxPool("pool2", 3, 2)),
                List.of(new LayerSpec.Linear("fc1", 16, 1f), new LayerSpec.Relu("relu3"), new LayerSpec.Dropout("drop1", p),
                        new LayerSpec.Linear("fc2", 10, 0f)));
    }
}
