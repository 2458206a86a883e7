// Registers the cuDNN/cuBLAS backend as "gpu", priority 100; availability is a guarded probe that never throws.
package dev.alexnet.gpu;

import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.BackendProvider;
import dev.alexnet.gpu.cuda.CudaProbe;

/**
 * Provider of {@link CudnnBackend}. The constructor does nothing; {@link #isAvailable()} finds and loads
 * the CUDA runtime, cuBLAS and cuDNN once (see {@code LibrarySearch} for where it looks) and asks the
 * runtime for devices. {@link #unavailableReason()} says in one sentence what is missing.
 */
public final class CudnnBackendProvider implements BackendProvider {
    @Override public String name() { return "gpu"; }

    @Override public int priority() { return 100; }

    @Override
    public boolean isAvailable() {
        return CudaProbe.probe().available();
    }

    @Override
    public String unavailableReason() {
        return CudaProbe.probe().reason();
    }

    /** What the probe found, for logs: library paths and what is missing. */
    public String libraries() {
        return CudaProbe.probe().description();
    }

    /** Creates the backend with options from {@code alexnet.gpu.*} properties (threads are ignored: cuDNN decides). */
    @Override
    public Backend create(BackendOptions options) {
        return new CudnnBackend(GpuOptions.fromSystemProperties()); // throws BackendUnavailableException with the reason
    }
}
