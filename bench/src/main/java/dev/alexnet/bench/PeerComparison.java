// Same-run comparison with the peers: SGEMM against OpenBLAS, training and inference steps against PyTorch CPU; prints ratios.
package dev.alexnet.bench;

import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code PeerComparison [--threads T] [--rounds R] [--only sgemm,train,infer,paper] [--batch B] [--paper-batch B] [--separate]}.
 * Each figure alternates ours and the peer's in R rounds (a few repetitions each) after a warm-up, so
 * both see the same machine load; medians over all timed repetitions are printed with the load
 * average before and after, then one ratio line per figure (ours / peer, above 1 = ours faster).
 * With {@code --separate} the step figures alternate child JVMs (ours, PyTorch, ours, ...), one per
 * side and round: in one JVM, PyTorch's OpenMP workers keep spinning after its ops and slow our
 * threads down (in our runs the same-JVM figures of our side were lower), which would flatter the peer.
 */
public final class PeerComparison {
    private int threads = Runtime.getRuntime().availableProcessors();
    private int rounds = 5;
    private int batch = 128;
    private int paperBatch = 32;
    private List<String> only = List.of("sgemm", "train", "infer", "paper");
    private final List<String> ratios = new ArrayList<>();
    // --separate: every (figure, side, round) runs in a fresh child JVM, so that neither side's idle
    // threads (PyTorch's OpenMP pool spins after each op) take CPU from the other.
    private boolean separate;

    public static void main(String[] args) throws Exception {
        PeerComparison pc = new PeerComparison();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> pc.threads = Integer.parseInt(args[++i]);
                case "--rounds" -> pc.rounds = Integer.parseInt(args[++i]);
                case "--batch" -> pc.batch = Integer.parseInt(args[++i]);
                case "--paper-batch" -> pc.paperBatch = Integer.parseInt(args[++i]);
                case "--only" -> pc.only = List.of(args[++i].split(","));
                case "--separate" -> pc.separate = true;
                case "--worker" -> {
                    pc.worker(args[i + 1], args[i + 2], Integer.parseInt(args[i + 3]), Integer.parseInt(args[i + 4]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PyTorchStep.configureThreads(pc.threads);
        pc.run();
    }

    private void run() throws Exception {
        System.out.printf("# %s, %s, %d threads, JDK %s, load %s%s%n", Instant.now(), cpuModel(), threads,
                Runtime.version(), load(), separate ? ", each side in its own JVM per round" : ", both sides in this JVM");
        if (only.contains("sgemm")) {
            sgemm(1024, 1024, 1024);
            sgemm(192, 21632, 1600);
        }
        if (only.contains("train") || only.contains("infer")) {
            steps(AlexNetConfig.fashion(), batch, only.contains("train"), only.contains("infer"));
        }
        if (only.contains("paper")) {
            steps(AlexNetConfig.paper(), paperBatch, true, false);
        }
        System.out.println("# ratios (ours / peer), load at the end " + load());
        ratios.forEach(System.out::println);
    }

    private void sgemm(int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextDouble(-1, 1);
        double flop = 2.0 * m * n * k;
        String load0 = load();
        try (OursSgemm ours = new OursSgemm(m, n, k, a, b, threads);
             OpenBlasSgemm blas = new OpenBlasSgemm(m, n, k, a, b, threads)) {
            int reps = Math.max(3, (int) (4e10 / flop));
            double[] us = new double[rounds * reps];
            double[] them = new double[rounds * reps];
            for (int w = 0; w < reps * 2; w++) {
                ours.run();
                blas.run();
            }
            float diff = 0;
            for (int i = 0; i < m; i += 97) {
                for (int j = 0; j < n; j += 89) {
                    diff = Math.max(diff, Math.abs(ours.c(i, j) - blas.c(i, j)));
                }
            }
            int u = 0, t = 0;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    ours.run();
                    us[u++] = flop / (System.nanoTime() - t0);
                }
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    blas.run();
                    them[t++] = flop / (System.nanoTime() - t0);
                }
            }
            String shape = "SGEMM " + m + "x" + n + "x" + k;
            System.out.printf("%s, %d threads, load %s -> %s, max |ours - openblas| %.2g%n", shape, threads, load0, load(), diff);
            print("  ours (" + ours.describe() + ")", us, "GFLOP/s");
            print("  OpenBLAS " + OpenBlasSgemm.describe(), them, "GFLOP/s");
            ratios.add(String.format("%s %d threads: %.2fx OpenBLAS (%.1f vs %.1f GFLOP/s)", shape, threads,
                    median(us) / median(them), median(us), median(them)));
        }
    }

    private void steps(AlexNetConfig cfg, int b, boolean train, boolean infer) throws Exception {
        double flop = Architecture.totalFlops(cfg);
        if (separate) {
            for (String mode : train && infer ? List.of("train", "infer") : List.of(train ? "train" : "infer")) {
                String what = cfg.preset() + (mode.equals("train") ? " training" : " inference") + ", batch " + b;
                String load0 = load();
                int reps = mode.equals("train") ? 3 : 6;
                double[] us = new double[rounds * reps];
                double[] them = new double[rounds * reps];
                String[] desc = new String[2];
                for (int r = 0; r < rounds; r++) {
                    desc[0] = child(cfg.preset() + ":" + mode, "ours", b, reps, us, r * reps);
                    desc[1] = child(cfg.preset() + ":" + mode, "pytorch", b, reps, them, r * reps);
                }
                report(what, load0, desc[0], desc[1], us, them, mode.equals("train") ? 3 * flop : flop);
            }
            return;
        }
        try (Step ours = new OursStep(cfg, b, threads); Step peer = new PyTorchStep(cfg, b, threads)) {
            if (train) {
                compare(cfg.preset() + " training, batch " + b, ours, peer, true, b, 3 * flop);
            }
            if (infer) {
                compare(cfg.preset() + " inference, batch " + b, ours, peer, false, b, flop);
            }
        }
    }

    private void compare(String what, Step ours, Step peer, boolean train, int b, double flopPerImage) {
        String load0 = load();
        int reps = train ? 2 : 4;
        for (int w = 0; w < 2; w++) {
            run(ours, train);
            run(peer, train);
        }
        double[] us = new double[rounds * reps];
        double[] them = new double[rounds * reps];
        int u = 0, t = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                run(ours, train);
                us[u++] = b * 1e9 / (System.nanoTime() - t0);
            }
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                run(peer, train);
                them[t++] = b * 1e9 / (System.nanoTime() - t0);
            }
        }
        report(what, load0, ours.describe(), peer.describe(), us, them, flopPerImage);
    }

    private void report(String what, String load0, String ours, String peer, double[] us, double[] them,
                        double flopPerImage) {
        System.out.printf("%s, %d threads, load %s -> %s%n", what, threads, load0, load());
        print("  ours (" + ours + ")", us, "img/s");
        print("  peer (" + peer + ")", them, "img/s");
        ratios.add(String.format("%s %d threads: %.2fx PyTorch (%.1f vs %.1f img/s; ours %.1f GFLOP/s)", what, threads,
                median(us) / median(them), median(us), median(them), median(us) * flopPerImage / 1e9));
    }

    /** Runs one side of a step figure in a child JVM; its img/s go to out[at..at+reps). Returns its description. */
    private String child(String figure, String side, int b, int reps, double[] out, int at) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerComparison.class.getName(),
                "--threads", Integer.toString(threads), "--worker", figure, side, Integer.toString(b), Integer.toString(reps)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String desc = null;
        int got = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.substring(7).split(" ");
                    for (String v : f) out[at + got++] = Double.parseDouble(v);
                } else if (line.startsWith("DESC ")) {
                    desc = line.substring(5);
                }
            }
        }
        if (p.waitFor() != 0 || got != reps) {
            throw new IllegalStateException("child " + figure + " " + side + " failed (exit " + p.exitValue() + ", " + got + " results)");
        }
        return desc;
    }

    /** Child side of --separate: 2 warm-up steps, then {@code reps} timed ones, printed as img/s. */
    private void worker(String figure, String side, int b, int reps) {
        String[] f = figure.split(":");
        AlexNetConfig cfg = AlexNetConfig.preset(f[0]);
        boolean train = f[1].equals("train");
        try (Step s = side.equals("ours") ? new OursStep(cfg, b, threads) : new PyTorchStep(cfg, b, threads)) {
            for (int w = 0; w < (train ? 3 : 6); w++) run(s, train);
            StringBuilder sb = new StringBuilder("RESULT");
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                run(s, train);
                sb.append(' ').append(b * 1e9 / (System.nanoTime() - t0));
            }
            System.out.println("DESC " + s.describe());
            System.out.println(sb);
        }
    }

    private static void run(Step s, boolean train) {
        if (train) {
            s.train();
        } else {
            s.infer();
        }
    }

    private static void print(String who, double[] v, String unit) {
        double[] s = v.clone();
        Arrays.sort(s);
        System.out.printf("%s: median %.1f %s (min %.1f, max %.1f, n=%d)%n", who, median(v), unit, s[0], s[s.length - 1], s.length);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?")
                    + (Files.readString(Path.of("/proc/cpuinfo")).contains("avx512f") ? " (AVX-512)" : "");
        } catch (IOException e) {
            return "?";
        }
    }
}
