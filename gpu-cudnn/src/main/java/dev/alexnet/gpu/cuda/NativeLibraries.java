// Loads the libraries LibrarySearch found, with their companion files, into this class loader (once per JVM).
package dev.alexnet.gpu.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The generated bindings resolve symbols through {@code SymbolLookup.loaderLookup()}, so a library is
 * usable once {@link System#load} has run on it from this class loader. Companion libraries are loaded
 * first from the same folder, because the main files find them by soname at run time:
 * {@code libcublasLt} for cuBLAS, and cuDNN 9's sub-libraries ({@code libcudnn_graph}, {@code _ops},
 * {@code _cnn}, the engine libraries ...) for {@code libcudnn.so.9}, which opens them with {@code dlopen}.
 * A companion that fails to load is skipped; the main library's load and first call tell the truth.
 */
public final class NativeLibraries {

    /** What one load attempt did: the file loaded, or why not. */
    public record Loaded(Map<CudaLibrary, Path> loaded, Map<CudaLibrary, String> failures, LibrarySearch.Result search) {
        public Loaded {
            loaded = Map.copyOf(loaded);
            failures = Map.copyOf(failures);
        }

        public boolean has(CudaLibrary lib) { return loaded.containsKey(lib); }

        /** One sentence: loaded libraries with paths, load failures, and what the search could not find. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            for (CudaLibrary lib : CudaLibrary.values()) {
                if (loaded.containsKey(lib)) {
                    parts.add(lib.displayName() + " loaded from " + loaded.get(lib));
                } else if (failures.containsKey(lib)) {
                    parts.add(lib.displayName() + " failed to load: " + failures.get(lib));
                }
            }
            List<String> missing = new ArrayList<>();
            for (CudaLibrary lib : CudaLibrary.values()) {
                if (search.path(lib).isEmpty()) {
                    missing.add(lib.displayName() + " (" + String.join(", ", lib.fileNames()) + ")");
                }
            }
            if (!missing.isEmpty()) {
                parts.add(String.join(" and ", missing) + " not found after searching " + search.searched().size()
                        + " folders (set -Dalexnet.cuda.lib, -Dalexnet.cublas.lib, -Dalexnet.cudnn.lib or "
                        + "ALEXNET_CUDA_LIB_DIR, or install the nvidia-* Python wheels)");
            }
            return String.join("; ", parts);
        }
    }

    private static final List<String> CUDNN_PARTS = List.of(
            "libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9", "libcudnn_engines_runtime_compiled.so.9",
            "libcudnn_heuristic.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn_adv.so.9");

    private static final Map<CudaLibrary, Path> LOADED = new EnumMap<>(CudaLibrary.class);
    private static Loaded result;

    private NativeLibraries() {}

    /** Whether {@code lib} has been loaded into this JVM (its generated functions may be called). */
    public static synchronized boolean isLoaded(CudaLibrary lib) {
        return LOADED.containsKey(lib);
    }

    /** Searches the running system and loads what it finds, once; later calls return the first outcome. */
    public static synchronized Loaded loadAll() {
        if (result == null) {
            result = load(LibrarySearch.search());
        }
        return result;
    }

    /** Loads the libraries of one search result (companions first). Never throws. */
    static synchronized Loaded load(LibrarySearch.Result search) {
        Map<CudaLibrary, String> failures = new EnumMap<>(CudaLibrary.class);
        for (CudaLibrary lib : CudaLibrary.values()) {
            if (LOADED.containsKey(lib)) continue;
            Path path = search.path(lib).orElse(null);
            if (path == null) continue;
            Path dir = path.toAbsolutePath().getParent();
            List<String> companions = switch (lib) {
                case CUDART -> List.of();
                case CUBLAS -> List.of(path.getFileName().toString().replace("libcublas", "libcublasLt"));
                case CUDNN -> CUDNN_PARTS;
            };
            List<Path> pending = new ArrayList<>();
            for (String name : companions) {
                Path companion = dir.resolve(name);
                if (Files.isRegularFile(companion) && !tryLoad(companion)) pending.add(companion);
            }
            try {
                System.load(path.toAbsolutePath().toString());
                LOADED.put(lib, path);
            } catch (UnsatisfiedLinkError | SecurityException e) {
                failures.put(lib, e.getMessage());
            }
            // A sub-library that needed the main one loads now.
            for (Path companion : pending) tryLoad(companion);
        }
        return new Loaded(new EnumMap<>(LOADED), failures, search);
    }

    private static boolean tryLoad(Path file) {
        try {
            System.load(file.toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }
}
