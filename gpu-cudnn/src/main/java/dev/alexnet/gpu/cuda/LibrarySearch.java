// Where the CUDA runtime, cuBLAS and cuDNN may live: explicit settings, CUDA_HOME, system folders, Python wheels.
package dev.alexnet.gpu.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Finds library files without loading them. The search order for each library is:
 * <ol>
 *   <li>the system property {@code alexnet.cuda.lib}, {@code alexnet.cublas.lib} or
 *       {@code alexnet.cudnn.lib}: a file, or a folder to look in;</li>
 *   <li>the environment variables {@code ALEXNET_CUDA_LIB_DIR}, {@code ALEXNET_CUBLAS_LIB_DIR},
 *       {@code ALEXNET_CUDNN_LIB_DIR} (each library looks in its own, then in {@code ALEXNET_CUDA_LIB_DIR});</li>
 *   <li>{@code CUDNN_HOME} (cuDNN only), {@code CUDA_HOME} and {@code CUDA_PATH}: their {@code lib64} and {@code lib};</li>
 *   <li>{@code LD_LIBRARY_PATH}, then {@code /usr/lib/x86_64-linux-gnu}, {@code /usr/local/cuda/lib64},
 *       {@code /usr/local/cuda/lib}, {@code /usr/lib64}, {@code /usr/lib};</li>
 *   <li>NVIDIA's Python wheels in every site-packages found ({@code nvidia/cuda_runtime/lib},
 *       {@code nvidia/cublas/lib}, {@code nvidia/cudnn/lib}, and the newer {@code nvidia/cu13/lib},
 *       {@code nvidia/cu12/lib}), then {@code torch/lib}: under {@code /usr/lib/python3*},
 *       {@code /usr/local/lib/python3*}, {@code ~/.local/lib/python3*}, {@code $VIRTUAL_ENV},
 *       {@code $CONDA_PREFIX}, {@code /opt/conda}, {@code ~/miniconda3}, {@code ~/anaconda3},
 *       {@code ~/miniforge3}, and the entries of {@code PYTHONPATH};</li>
 *   <li>conda's own {@code lib} folders of those prefixes.</li>
 * </ol>
 * In each folder the newest soname wins ({@code libcudart.so.13} before {@code .12} before {@code .so}).
 * Everything is read through {@link Environment}, so tests can build a fake file system.
 */
public final class LibrarySearch {

    /** What the search reads: properties, environment and the file system root for absolute folders. */
    public record Environment(UnaryOperator<String> properties, UnaryOperator<String> env, Path root) {
        /** The running JVM's properties and environment, on the real file system. */
        public static Environment system() {
            return new Environment(System::getProperty, System::getenv, Path.of("/"));
        }

        String property(String name) { return blankToNull(properties.apply(name)); }

        String getenv(String name) { return blankToNull(env.apply(name)); }

        /** A fixed system folder such as "/usr/lib", placed under {@link #root()}. */
        Path system(String absolute) { return root.resolve(absolute.substring(1)); }

        Path home() {
            String home = getenv("HOME");
            if (home == null) home = property("user.home");
            return home == null ? null : Path.of(home);
        }

        private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
    }

    /** The outcome: a file per library found, and every folder that was looked in, in order. */
    public record Result(Map<CudaLibrary, Path> found, List<Path> searched) {
        public Result {
            found = Map.copyOf(found);
            searched = List.copyOf(searched);
        }

        public Optional<Path> path(CudaLibrary library) { return Optional.ofNullable(found.get(library)); }

        public boolean complete() { return found.size() == CudaLibrary.values().length; }

        /**
         * One sentence for logs and {@code unavailableReason()}: what was found where, what is missing,
         * and how to point at it.
         */
        public String summary() {
            List<String> have = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (CudaLibrary lib : CudaLibrary.values()) {
                Path p = found.get(lib);
                if (p != null) {
                    have.add(lib.displayName() + " at " + p);
                } else {
                    missing.add(lib.displayName() + " (" + String.join(", ", lib.fileNames()) + ")");
                }
            }
            StringBuilder sb = new StringBuilder();
            if (!have.isEmpty()) sb.append("found ").append(String.join(", ", have));
            if (!missing.isEmpty()) {
                if (!sb.isEmpty()) sb.append("; ");
                sb.append("missing ").append(String.join(" and ", missing)).append(" after searching ")
                        .append(searched.size()).append(" folders (set -Dalexnet.cuda.lib, -Dalexnet.cublas.lib, "
                                + "-Dalexnet.cudnn.lib or ALEXNET_CUDA_LIB_DIR, or install the nvidia-* Python wheels)");
            }
            return sb.toString();
        }
    }

    private LibrarySearch() {}

    /** Searches the running system. */
    public static Result search() {
        return search(Environment.system());
    }

    /** Searches as described in the class comment, reading only {@code env}. */
    public static Result search(Environment env) {
        Map<CudaLibrary, Path> found = new EnumMap<>(CudaLibrary.class);
        Set<Path> searched = new LinkedHashSet<>();
        for (CudaLibrary lib : CudaLibrary.values()) {
            for (Path candidate : candidates(env, lib)) {
                if (Files.isRegularFile(candidate)) {
                    found.put(lib, candidate);
                    break;
                }
                if (!Files.isDirectory(candidate)) {
                    continue;
                }
                searched.add(candidate);
                Optional<Path> hit = findIn(candidate, lib);
                if (hit.isPresent()) {
                    found.put(lib, hit.get());
                    break;
                }
            }
        }
        return new Result(found, new ArrayList<>(searched));
    }

    /** The newest of the library's file names present in {@code dir}. */
    public static Optional<Path> findIn(Path dir, CudaLibrary lib) {
        for (String name : lib.fileNames()) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Files or folders to try for one library, in order; nonexistent ones are skipped by the caller. */
    static List<Path> candidates(Environment env, CudaLibrary lib) {
        List<Path> out = new ArrayList<>();
        String explicit = env.property(lib.property());
        if (explicit != null) out.add(Path.of(explicit));
        String ownDir = env.getenv(switch (lib) {
            case CUDART -> "ALEXNET_CUDART_LIB_DIR";
            case CUBLAS -> "ALEXNET_CUBLAS_LIB_DIR";
            case CUDNN -> "ALEXNET_CUDNN_LIB_DIR";
        });
        if (ownDir != null) out.add(Path.of(ownDir));
        String sharedDir = env.getenv("ALEXNET_CUDA_LIB_DIR");
        if (sharedDir != null) out.add(Path.of(sharedDir));

        List<String> homes = new ArrayList<>();
        if (lib == CudaLibrary.CUDNN) homes.add(env.getenv("CUDNN_HOME"));
        homes.add(env.getenv("CUDA_HOME"));
        homes.add(env.getenv("CUDA_PATH"));
        for (String home : homes) {
            if (home != null) {
                out.add(Path.of(home, "lib64"));
                out.add(Path.of(home, "lib"));
            }
        }

        String ldPath = env.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String entry : ldPath.split(":")) {
                if (!entry.isBlank()) out.add(Path.of(entry));
            }
        }
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/local/cuda/lib64", "/usr/local/cuda/lib",
                "/usr/lib64", "/usr/lib")) {
            out.add(env.system(dir));
        }

        List<String> wheels = switch (lib) {
            case CUDART -> List.of("nvidia/cuda_runtime/lib", "nvidia/cu13/lib", "nvidia/cu12/lib");
            case CUBLAS -> List.of("nvidia/cublas/lib", "nvidia/cu13/lib", "nvidia/cu12/lib");
            case CUDNN -> List.of("nvidia/cudnn/lib", "nvidia/cu13/lib", "nvidia/cu12/lib");
        };
        List<Path> sitePackages = sitePackages(env);
        for (Path site : sitePackages) {
            for (String wheel : wheels) out.add(site.resolve(wheel));
        }
        for (Path site : sitePackages) out.add(site.resolve("torch/lib"));
        for (Path prefix : pythonPrefixes(env)) out.add(prefix.resolve("lib"));
        return out;
    }

    /** Every site-packages or dist-packages folder under the known Python prefixes, plus PYTHONPATH. */
    static List<Path> sitePackages(Environment env) {
        Set<Path> out = new LinkedHashSet<>();
        List<Path> libDirs = new ArrayList<>();
        libDirs.add(env.system("/usr/lib"));
        libDirs.add(env.system("/usr/local/lib"));
        Path home = env.home();
        if (home != null) libDirs.add(home.resolve(".local/lib"));
        for (Path prefix : pythonPrefixes(env)) libDirs.add(prefix.resolve("lib"));
        for (Path libDir : libDirs) {
            for (Path python : childrenStartingWith(libDir, "python3")) {
                for (String kind : List.of("site-packages", "dist-packages")) {
                    Path site = python.resolve(kind);
                    if (Files.isDirectory(site)) out.add(site);
                }
            }
        }
        String pythonPath = env.getenv("PYTHONPATH");
        if (pythonPath != null) {
            for (String entry : pythonPath.split(":")) {
                if (!entry.isBlank() && Files.isDirectory(Path.of(entry))) out.add(Path.of(entry));
            }
        }
        return new ArrayList<>(out);
    }

    /** Virtualenv and conda prefixes: $VIRTUAL_ENV, $CONDA_PREFIX, /opt/conda, ~/miniconda3, ~/anaconda3, ~/miniforge3. */
    static List<Path> pythonPrefixes(Environment env) {
        List<Path> out = new ArrayList<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.getenv(var);
            if (v != null) out.add(Path.of(v));
        }
        out.add(env.system("/opt/conda"));
        Path home = env.home();
        if (home != null) {
            for (String d : List.of("miniconda3", "anaconda3", "miniforge3")) out.add(home.resolve(d));
        }
        return out;
    }

    private static List<Path> childrenStartingWith(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) out.add(p);
            }
        } catch (IOException e) {
            // An unreadable folder is simply not searched.
        }
        out.sort(null);
        return out;
    }
}
