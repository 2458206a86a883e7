// Library discovery over fake folder layouts (empty files stand in for the libraries): order, sonames, wheels.
package dev.alexnet.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySearchTest {
    @TempDir Path tmp;
    private Path root;
    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        env.put("HOME", root.resolve("home/user").toString());
    }

    private LibrarySearch.Result search() {
        return LibrarySearch.search(new LibrarySearch.Environment(props::get, env::get, root));
    }

    private Path touch(String relative) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.createFile(p);
    }

    @Test
    void nothingInstalledNamesEveryLibraryAsMissing() {
        LibrarySearch.Result r = search();
        assertTrue(r.found().isEmpty());
        assertFalse(r.complete());
        String s = r.summary();
        assertTrue(s.startsWith("missing CUDA runtime (libcudart.so.13, libcudart.so.12, libcudart.so) and cuBLAS"), s);
        assertTrue(s.contains("cuDNN (libcudnn.so.9, libcudnn.so)"), s);
    }

    @Test
    void findsPipWheelsInAVirtualenv() throws IOException {
        env.put("VIRTUAL_ENV", root.resolve("venv").toString());
        String site = "venv/lib/python3.12/site-packages/";
        Path cudart = touch(site + "nvidia/cuda_runtime/lib/libcudart.so.12");
        Path cublas = touch(site + "nvidia/cublas/lib/libcublas.so.12");
        touch(site + "nvidia/cublas/lib/libcublasLt.so.12");
        Path cudnn = touch(site + "nvidia/cudnn/lib/libcudnn.so.9");
        touch(site + "nvidia/cudnn/lib/libcudnn_ops.so.9");
        LibrarySearch.Result r = search();
        assertEquals(Optional.of(cudart), r.path(CudaLibrary.CUDART));
        assertEquals(Optional.of(cublas), r.path(CudaLibrary.CUBLAS));
        assertEquals(Optional.of(cudnn), r.path(CudaLibrary.CUDNN));
        assertTrue(r.complete());
        assertEquals("found CUDA runtime at " + cudart + ", cuBLAS at " + cublas + ", cuDNN at " + cudnn, r.summary());
    }

    @Test
    void findsTheNewerCu13WheelLayoutInSystemDistPackages() throws IOException {
        String site = "usr/local/lib/python3.11/dist-packages/";
        Path cudart = touch(site + "nvidia/cu13/lib/libcudart.so.13");
        Path cublas = touch(site + "nvidia/cu13/lib/libcublas.so.13");
        Path cudnn = touch(site + "nvidia/cudnn/lib/libcudnn.so.9");
        LibrarySearch.Result r = search();
        assertEquals(Optional.of(cudart), r.path(CudaLibrary.CUDART));
        assertEquals(Optional.of(cublas), r.path(CudaLibrary.CUBLAS));
        assertEquals(Optional.of(cudnn), r.path(CudaLibrary.CUDNN));
    }

    @Test
    void findsUserSiteAndCondaPrefixes() throws IOException {
        Path cudnn = touch("home/user/.local/lib/python3.10/site-packages/nvidia/cudnn/lib/libcudnn.so.9");
        env.put("CONDA_PREFIX", root.resolve("conda/envs/t").toString());
        Path cudart = touch("conda/envs/t/lib/libcudart.so.12"); // conda puts libraries in the prefix's lib
        Path cublas = touch("opt/conda/lib/python3.12/site-packages/nvidia/cublas/lib/libcublas.so.12");
        LibrarySearch.Result r = search();
        assertEquals(Optional.of(cudnn), r.path(CudaLibrary.CUDNN));
        assertEquals(Optional.of(cudart), r.path(CudaLibrary.CUDART));
        assertEquals(Optional.of(cublas), r.path(CudaLibrary.CUBLAS));
    }

    @Test
    void prefersTheNewestSonameInAFolder() throws IOException {
        touch("usr/local/cuda/lib64/libcudart.so");
        touch("usr/local/cuda/lib64/libcudart.so.12");
        Path newest = touch("usr/local/cuda/lib64/libcudart.so.13");
        assertEquals(Optional.of(newest), search().path(CudaLibrary.CUDART));
    }

    @Test
    void explicitPropertyAndEnvironmentWinOverEverythingElse() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libcudart.so.13");
        touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");
        touch("usr/lib/x86_64-linux-gnu/libcublas.so.13");
        Path explicitFile = touch("custom/my-cudart.so");
        props.put("alexnet.cuda.lib", explicitFile.toString());
        Path cudnnDir = root.resolve("cudnn-only");
        Path cudnn = touch("cudnn-only/libcudnn.so.9");
        env.put("ALEXNET_CUDNN_LIB_DIR", cudnnDir.toString());
        Path shared = touch("shared/libcublas.so.12");
        env.put("ALEXNET_CUDA_LIB_DIR", shared.getParent().toString());
        LibrarySearch.Result r = search();
        assertEquals(Optional.of(explicitFile), r.path(CudaLibrary.CUDART));
        assertEquals(Optional.of(cudnn), r.path(CudaLibrary.CUDNN));
        assertEquals(Optional.of(shared), r.path(CudaLibrary.CUBLAS));
    }

    @Test
    void homesComeBeforeLdLibraryPathWhichComesBeforeSystemFolders() throws IOException {
        touch("usr/local/cuda/lib64/libcudart.so.13");
        Path fromLd = touch("ld/two/libcudart.so.12");
        env.put("LD_LIBRARY_PATH", root.resolve("ld/one") + ":" + root.resolve("ld/two"));
        assertEquals(Optional.of(fromLd), search().path(CudaLibrary.CUDART));

        Path lib = touch("cuda-home/lib/libcudart.so.12");
        env.put("CUDA_HOME", root.resolve("cuda-home").toString());
        assertEquals(Optional.of(lib), search().path(CudaLibrary.CUDART));
        Path lib64 = touch("cuda-home/lib64/libcudart.so.12");
        assertEquals(Optional.of(lib64), search().path(CudaLibrary.CUDART), "lib64 is searched before lib");

        Path cudnnHome = touch("cudnn-home/lib/libcudnn.so.9");
        touch("cuda-home/lib64/libcudnn.so.9");
        env.put("CUDNN_HOME", root.resolve("cudnn-home").toString());
        assertEquals(Optional.of(cudnnHome), search().path(CudaLibrary.CUDNN), "CUDNN_HOME before CUDA_HOME");
    }

    @Test
    void reportsWhatIsMissingAndHowManyFoldersWereSearched() throws IOException {
        Path cudart = touch("usr/local/cuda/lib64/libcudart.so.13");
        LibrarySearch.Result r = search();
        assertEquals(Optional.of(cudart), r.path(CudaLibrary.CUDART));
        assertTrue(r.path(CudaLibrary.CUDNN).isEmpty());
        String s = r.summary();
        assertTrue(s.startsWith("found CUDA runtime at " + cudart + "; missing cuBLAS (libcublas.so.13, "
                + "libcublas.so.12, libcublas.so) and cuDNN (libcudnn.so.9, libcudnn.so) after searching "), s);
        // Existing folders only: usr/local/cuda/lib64 (cuBLAS and cuDNN looked there too).
        assertEquals(1, r.searched().size(), r.searched().toString());
    }
}
