// Thrown when a requested backend is missing or cannot run here.
package dev.alexnet.core.spi;

/** A backend was asked for by name but is not installed or not usable; the message says why. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
