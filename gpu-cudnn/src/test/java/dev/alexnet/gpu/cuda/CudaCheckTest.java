// Status-to-exception mapping, through the real libcudart where this machine has one.
package dev.alexnet.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CudaCheckTest {

    @Test
    void successIsSilent() {
        CudaCheck.check(0, "cudnnConvolutionForward");
        CudaCheck.check(0, "cublasSgemm_v2");
        CudaCheck.check(0, "cudaMalloc");
    }

    @Test
    void theLibraryComesFromTheFunctionName() {
        assertSame(CudaLibrary.CUDNN, CudaLibrary.ofCall("cudnnConvolutionForward"));
        assertSame(CudaLibrary.CUBLAS, CudaLibrary.ofCall("cublasSgemm_v2"));
        assertSame(CudaLibrary.CUDART, CudaLibrary.ofCall("cudaMemcpy"));
        assertThrows(IllegalArgumentException.class, () -> CudaLibrary.ofCall("malloc"));
    }

    @Test
    void cudnnAndCublasStatusesAreNamed() {
        CudaException e = assertThrows(CudaException.class, () -> CudaCheck.check(2000, "cudnnConvolutionForward"));
        assertSame(CudaLibrary.CUDNN, e.library());
        assertEquals(2000, e.status());
        assertEquals("cudnnConvolutionForward", e.call());
        // cudnnGetErrorString gives the enum name, and so does the built-in table when cuDNN is absent.
        assertEquals("CUDNN_STATUS_BAD_PARAM", e.libraryText());
        assertEquals("cudnnConvolutionForward failed: CUDNN_STATUS_BAD_PARAM (cuDNN status 2000)", e.getMessage());

        CudaException b = assertThrows(CudaException.class, () -> CudaCheck.check(7, "cublasSgemm_v2"));
        assertSame(CudaLibrary.CUBLAS, b.library());
        assertTrue(b.libraryText().startsWith("CUBLAS_STATUS_INVALID_VALUE"), b.libraryText());
        assertTrue(b.getMessage().startsWith("cublasSgemm_v2 failed: CUBLAS_STATUS_INVALID_VALUE"), b.getMessage());
        assertTrue(b.getMessage().endsWith("(cuBLAS status 7)"), b.getMessage());
    }

    @Test
    void unknownStatusesStillSayWhichLibrary() {
        assertEquals("cuDNN status 123456", CudaLibrary.CUDNN.fallbackName(123456));
        assertEquals("cudaErrorNoDevice", CudaLibrary.CUDART.fallbackName(100));
    }

    @Test
    void runtimeErrorsCarryTheRuntimesOwnText() {
        assumeTrue(NativeLibraries.loadAll().has(CudaLibrary.CUDART), "no libcudart on this machine");
        // cudaErrorInvalidValue (1) has had the same name and text in every CUDA release.
        CudaException e = assertThrows(CudaException.class, () -> CudaCheck.check(1, "cudaMalloc"));
        assertSame(CudaLibrary.CUDART, e.library());
        assertEquals("cudaErrorInvalidValue: invalid argument", e.libraryText());
        assertEquals("cudaMalloc failed: cudaErrorInvalidValue: invalid argument (CUDA runtime status 1)", e.getMessage());
    }

    @Test
    void deviceCountWithoutADeviceIsATypedError() {
        assumeTrue(NativeLibraries.loadAll().has(CudaLibrary.CUDART), "no libcudart on this machine");
        int count;
        try {
            count = Cuda.deviceCount();
        } catch (CudaException e) {
            // No GPU or no driver here: cudaErrorNoDevice (100), cudaErrorInsufficientDriver (35) or similar.
            assertSame(CudaLibrary.CUDART, e.library());
            assertEquals("cudaGetDeviceCount", e.call());
            assertTrue(e.status() != 0);
            assertTrue(e.libraryText().startsWith("cudaError"), e.libraryText());
            assertEquals(CudaLibrary.CUDART.describe(e.status()), e.libraryText());
            return;
        }
        assertTrue(count > 0, "cudaGetDeviceCount succeeded, so a device must be visible");
    }
}
