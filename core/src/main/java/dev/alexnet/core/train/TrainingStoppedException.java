// Thrown when a run was asked to stop (a signal) and stopped cleanly at a step boundary after a checkpoint.
package dev.alexnet.core.train;

/** Training stopped on request; {@link #state()} is where it stopped, already passed to the checkpoint listener. */
public final class TrainingStoppedException extends RuntimeException {
    private final transient TrainState state;

    public TrainingStoppedException(TrainState state) {
        super("training stopped " + state.where());
        this.state = state;
    }

    public TrainState state() {
        return state;
    }
}
