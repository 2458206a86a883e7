// Service-provider interface: one implementation per backend jar, found with ServiceLoader.
package dev.alexnet.core.spi;

/**
 * Registers a backend. Implementations are listed in
 * {@code META-INF/services/dev.alexnet.core.spi.BackendProvider} and must have a cheap public
 * no-argument constructor.
 */
public interface BackendProvider {
    /** Short name used by {@code --backend} and {@code -Dalexnet.backend}: "reference", "cpu", "gpu". */
    String name();

    /** Higher wins when the backend is chosen automatically. */
    int priority();

    /**
     * Whether the backend can run here. Must be side-effect free and must not throw: a missing
     * native library or device means {@code false}.
     */
    boolean isAvailable();

    /** Why the backend is unavailable, in one sentence, or {@code ""} when it is available. */
    default String unavailableReason() {
        return "";
    }

    /** Creates the backend; this is where heavy initialisation happens. */
    Backend create(BackendOptions options);
}
