// Registers the reference backend at the lowest priority: chosen automatically only when nothing else runs.
package dev.alexnet.core.reference;

import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.BackendProvider;

/** Provider of {@link ReferenceBackend}: always available, single-threaded, priority 0. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override public String name() { return "reference"; }

    @Override public int priority() { return 0; }

    @Override public boolean isAvailable() { return true; }

    @Override public Backend create(BackendOptions options) { return new ReferenceBackend(); }
}
