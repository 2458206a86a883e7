// Thrown when the training loss stops being a finite number.
package dev.alexnet.core.train;

/** The loss became NaN or infinite; the message names the epoch and step. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
