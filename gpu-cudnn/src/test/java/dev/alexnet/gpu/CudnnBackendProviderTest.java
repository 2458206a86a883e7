// The provider's contract: registered as "gpu" at priority 100, a probe that never throws, and a reason that names what is missing.
package dev.alexnet.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.BackendProvider;
import dev.alexnet.core.spi.BackendUnavailableException;
import dev.alexnet.core.spi.Backends;
import dev.alexnet.gpu.cuda.ConvSearch;
import dev.alexnet.gpu.cuda.CudaLibrary;
import dev.alexnet.gpu.cuda.NativeLibraries;
import org.junit.jupiter.api.Test;

class CudnnBackendProviderTest {
    private final CudnnBackendProvider provider = new CudnnBackendProvider();

    @Test
    void isRegisteredAsGpuWithTheHighestPriority() {
        assertEquals("gpu", provider.name());
        assertEquals(100, provider.priority());
        BackendProvider found = Backends.providers().stream().filter(p -> p.name().equals("gpu")).findFirst().orElseThrow();
        assertEquals(CudnnBackendProvider.class, found.getClass());
    }

    @Test
    void availabilityIsConsistentWithItsReason() {
        boolean available = provider.isAvailable(); // must not throw, whatever this machine has
        assertEquals(available, provider.isAvailable(), "the probe's answer is stable");
        if (available) {
            assertEquals("", provider.unavailableReason());
        } else {
            assertFalse(provider.unavailableReason().isBlank());
        }
        System.out.println("gpu available: " + available + "; reason: " + provider.unavailableReason()
                + "; libraries: " + provider.libraries());
    }

    @Test
    void theReasonNamesEachMissingLibraryAndTheDeviceProblem() {
        assumeFalse(provider.isAvailable(), "a usable GPU is present");
        String reason = provider.unavailableReason();
        NativeLibraries.Loaded loaded = NativeLibraries.loadAll();
        for (CudaLibrary lib : CudaLibrary.values()) {
            if (!loaded.has(lib)) {
                assertTrue(reason.contains(lib.displayName()), "reason should name " + lib.displayName() + ": " + reason);
            }
        }
        if (loaded.has(CudaLibrary.CUDART)) {
            // The runtime loads here but there is no GPU: the reason carries the runtime's own error or the zero count.
            assertTrue(reason.contains("cudaGetDeviceCount failed with cudaError") || reason.contains("reports no CUDA device"),
                    reason);
        }
    }

    @Test
    void createAndBackendsFailCleanlyWhenUnavailable() {
        assumeFalse(provider.isAvailable(), "a usable GPU is present");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> provider.create(BackendOptions.defaults()));
        assertTrue(e.getMessage().contains(provider.unavailableReason()), e.getMessage());
        BackendUnavailableException chosen = assertThrows(BackendUnavailableException.class, () -> Backends.choose("gpu"));
        assertTrue(chosen.getMessage().contains(provider.unavailableReason()), chosen.getMessage());
        // Constructing the backend directly fails the same way, before any native call.
        BackendUnavailableException direct = assertThrows(BackendUnavailableException.class,
                () -> new CudnnBackend(GpuOptions.defaults()));
        assertTrue(direct.getMessage().contains(provider.unavailableReason()), direct.getMessage());
    }

    @Test
    void optionsComeFromAlexnetGpuProperties() {
        assertEquals(new GpuOptions(0, false, ConvSearch.HEURISTIC, 1024L << 20), GpuOptions.defaults());
        String[] keys = {"alexnet.gpu.device", "alexnet.gpu.tf32", "alexnet.gpu.conv.search", "alexnet.gpu.workspace.mib"};
        try {
            System.setProperty("alexnet.gpu.device", "1");
            System.setProperty("alexnet.gpu.tf32", "true");
            System.setProperty("alexnet.gpu.conv.search", "find");
            System.setProperty("alexnet.gpu.workspace.mib", "64");
            assertEquals(new GpuOptions(1, true, ConvSearch.FIND, 64L << 20), GpuOptions.fromSystemProperties());
            System.setProperty("alexnet.gpu.conv.search", "fastest");
            assertThrows(IllegalArgumentException.class, GpuOptions::fromSystemProperties);
            System.setProperty("alexnet.gpu.conv.search", "heuristic");
            System.setProperty("alexnet.gpu.workspace.mib", "lots");
            assertThrows(IllegalArgumentException.class, GpuOptions::fromSystemProperties);
        } finally {
            for (String k : keys) System.clearProperty(k);
        }
        assertEquals(GpuOptions.defaults(), GpuOptions.fromSystemProperties());
    }
}
