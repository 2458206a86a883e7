// One training or inference step of a whole network on random data: the common face of our backend and the PyTorch peer.
package dev.alexnet.bench;

/** A prepared network at a fixed batch; each call runs one step and copies the result to the host. */
public interface Step extends AutoCloseable {
    /** Forward, loss, backward and SGD with momentum, as {@code alexnet bench} does. */
    void train();

    /** Forward in inference mode, logits copied to the host. */
    void infer();

    String describe();

    @Override
    void close();
}
