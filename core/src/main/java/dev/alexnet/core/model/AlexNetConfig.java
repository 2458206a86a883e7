// The two presets: the paper's 2012 network on 3x227x227 and its 28x28 adaptation for Fashion-MNIST.
package dev.alexnet.core.model;

import dev.alexnet.core.model.LayerSpec.Conv;
import dev.alexnet.core.model.LayerSpec.Dropout;
import dev.alexnet.core.model.LayerSpec.Linear;
import dev.alexnet.core.model.LayerSpec.Lrn;
import dev.alexnet.core.model.LayerSpec.MaxPool;
import dev.alexnet.core.model.LayerSpec.Relu;
import dev.alexnet.core.shape.LrnParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An AlexNet variant: input shape (C, H, W), the {@code features} stack (convolutions, ReLU, LRN,
 * pooling) and the {@code classifier} stack (dropout, fully connected), read top to bottom like the
 * paper's figure 2.
 */
public record AlexNetConfig(String preset, int inC, int inH, int inW, int classes,
                            List<LayerSpec> features, List<LayerSpec> classifier) {
    public static final List<String> PRESETS = List.of("fashion", "paper");

    public AlexNetConfig {
        features = List.copyOf(features);
        classifier = List.copyOf(classifier);
    }

    /** All layers, features then classifier. */
    public List<LayerSpec> layers() {
        List<LayerSpec> all = new ArrayList<>(features);
        all.addAll(classifier);
        return all;
    }

    /** A preset by name ("fashion" or "paper"); unknown names throw with the list of known ones. */
    public static AlexNetConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fashion" -> fashion();
            case "paper" -> paper();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ", PRESETS));
        };
    }

    /**
     * AlexNet's shape sized for 1x28x28: 64-192-384-256-256 convolutions (5x5, 5x5, 3x3, 3x3, 3x3, stride
     * 1, "same" padding), ReLU after each, LRN after conv1 and conv2, overlapping 3/2 pooling after conv1,
     * conv2 and conv5 (28 -> 13 -> 6 -> 2), then 1024 -> 2048 -> 2048 -> 10 with dropout 0.5 before FC2
     * and FC3. About 8.76 M parameters and 273 MFLOP per image forward.
     */
    public static AlexNetConfig fashion() {
        LrnParams lrn = LrnParams.PAPER;
        return new AlexNetConfig("fashion", 1, 28, 28, 10,
                List.of(
                        new Conv("conv1", 64, 5, 1, 2, 1, 0f), new Relu("relu1"), new Lrn("lrn1", lrn), new MaxPool("pool1", 3, 2),
                        new Conv("conv2", 192, 5, 1, 2, 1, 1f), new Relu("relu2"), new Lrn("lrn2", lrn), new MaxPool("pool2", 3, 2),
                        new Conv("conv3", 384, 3, 1, 1, 1, 0f), new Relu("relu3"),
                        new Conv("conv4", 256, 3, 1, 1, 1, 1f), new Relu("relu4"),
                        new Conv("conv5", 256, 3, 1, 1, 1, 1f), new Relu("relu5"), new MaxPool("pool5", 3, 2)),
                List.of(
                        new Linear("fc1", 2048, 1f), new Relu("relu6"), new Dropout("drop1", 0.5f),
                        new Linear("fc2", 2048, 1f), new Relu("relu7"), new Dropout("drop2", 0.5f),
                        new Linear("fc3", 10, 0f)));
    }

    /**
     * The 2012 network on 3x227x227: conv1 96 11x11/4, conv2 256 5x5 pad 2 groups 2, conv3 384 3x3,
     * conv4 384 3x3 groups 2, conv5 256 3x3 groups 2 (groups = the paper's two-GPU split), LRN after
     * conv1 and conv2, 3/2 pooling after conv1, conv2, conv5 (55 -> 27 -> 13 -> 6), FC 9216 -> 4096 ->
     * 4096 -> 10 with dropout 0.5 before FC2 and FC3. Fashion-MNIST images are upscaled to 227x227 and
     * replicated to three channels.
     */
    public static AlexNetConfig paper() {
        LrnParams lrn = LrnParams.PAPER;
        return new AlexNetConfig("paper", 3, 227, 227, 10,
                List.of(
                        new Conv("conv1", 96, 11, 4, 0, 1, 0f), new Relu("relu1"), new Lrn("lrn1", lrn), new MaxPool("pool1", 3, 2),
                        new Conv("conv2", 256, 5, 1, 2, 2, 1f), new Relu("relu2"), new Lrn("lrn2", lrn), new MaxPool("pool2", 3, 2),
                        new Conv("conv3", 384, 3, 1, 1, 1, 0f), new Relu("relu3"),
                        new Conv("conv4", 384, 3, 1, 1, 2, 1f), new Relu("relu4"),
                        new Conv("conv5", 256, 3, 1, 1, 2, 1f), new Relu("relu5"), new MaxPool("pool5", 3, 2)),
                List.of(
                        new Linear("fc1", 4096, 1f), new Relu("relu6"), new Dropout("drop1", 0.5f),
                        new Linear("fc2", 4096, 1f), new Relu("relu7"), new Dropout("drop2", 0.5f),
                        new Linear("fc3", 10, 0f)));
    }
}
