// Settings a backend is created with.
package dev.alexnet.core.spi;

/**
 * Options for {@link BackendProvider#create(BackendOptions)}.
 *
 * @param threads worker threads for CPU backends; 0 means all available processors
 */
public record BackendOptions(int threads) {
    public BackendOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        }
    }

    public static BackendOptions defaults() {
        return new BackendOptions(0);
    }

    /** The thread count with 0 resolved to the number of available processors. */
    public int resolvedThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
