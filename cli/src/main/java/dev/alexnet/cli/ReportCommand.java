// `alexnet report RUN_DIR...`: redraws a run's report from its files; with several runs, also a page that overlays their curves.
package dev.alexnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Redraws the charts and report.html of run folders from their files (metrics.csv, summary.json, confusion.csv).",
                "With several runs, also writes a comparison page overlaying their curves."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run folders written by alexnet train.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the comparison of several runs; must be new or empty (default: a new runs/compare-<date>-<time>).")
    Path out;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        if (runs.size() == 1 && out != null) {
            throw new IllegalArgumentException("--out is for comparing several runs; one run's report is written in its own folder");
        }
        for (Path run : runs) {
            if (!Files.isDirectory(run)) throw new Exit.Failure(Exit.USAGE, run + ": no such run folder");
        }
        if (runs.size() > 1) RunFolder.checkUsable(out);
        for (Path run : runs) System.out.println(ReportWriter.render(run));
        if (runs.size() > 1) {
            Path dir = out;
            if (dir == null) {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                dir = Path.of("runs", "compare-" + stamp);
                for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", "compare-" + stamp + "-" + i);
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new Exit.Failure(Exit.OUTPUT, "cannot create " + dir + ": " + RunFolder.describe(e));
            }
            System.out.println(ReportWriter.overlay(runs, dir));
        }
        return Exit.OK;
    }
}
