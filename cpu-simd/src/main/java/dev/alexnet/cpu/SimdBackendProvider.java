// Registers the Vector API backend as "cpu" (priority 50: above the reference, below the GPU).
package dev.alexnet.cpu;

import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.BackendProvider;

/** Cheap to construct; touches the Vector API only in {@link #isAvailable()}'s guarded probe and in create. */
public final class SimdBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, SimdBackendProvider.class.getClassLoader());
            return "";
        } catch (ClassNotFoundException | LinkageError e) {
            return "the Vector API is not enabled (run the JVM with --add-modules jdk.incubator.vector)";
        }
    }

    @Override
    public Backend create(BackendOptions options) {
        return new SimdBackend(options);
    }
}
