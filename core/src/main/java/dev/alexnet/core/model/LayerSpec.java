// The network as data: one record per layer kind, from which shapes, parameter counts and FLOPs follow.
package dev.alexnet.core.model;

import dev.alexnet.core.shape.LrnParams;

/** One layer of an {@link AlexNetConfig}, without any memory: the description the model is built from. */
public sealed interface LayerSpec {
    /** The layer's name, e.g. {@code conv2}. */
    String name();

    /**
     * Convolution with K filters of R x R, stride, padding and groups. {@code biasInit} is the constant
     * the paper's initialisation gives the biases (1 in conv2, conv4, conv5, 0 elsewhere).
     */
    record Conv(String name, int k, int r, int stride, int pad, int groups, float biasInit) implements LayerSpec {}

    record Relu(String name) implements LayerSpec {}

    record Lrn(String name, LrnParams params) implements LayerSpec {}

    record MaxPool(String name, int size, int stride) implements LayerSpec {}

    record Dropout(String name, float p) implements LayerSpec {}

    /** Fully connected to {@code out} features; the input is flattened. */
    record Linear(String name, int out, float biasInit) implements LayerSpec {}
}
