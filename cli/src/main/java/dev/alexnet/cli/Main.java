// Entry point of alexnet.jar: the subcommands and the one place where errors become exit codes.
package dev.alexnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code alexnet <command> [options]}. */
@Command(name = "alexnet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains and runs AlexNet (Krizhevsky, Sutskever, Hinton 2012) on Fashion-MNIST.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class, BenchCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 bad arguments or missing data,",
                "3 unreadable data file, 4 unreadable model file, 5 output folder problem,",
                "6 training diverged, 7 out of memory,",
                "130 / 143 stopped by SIGINT / SIGTERM (a checkpoint was written; continue with train --resume)."})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: train, evaluate, predict, summary, bench or report");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("alexnet: " + ex.getMessage());
            String path = commandPath(ex.getCommandLine());
            System.err.println("Try 'alexnet " + (path.isEmpty() ? "" : path + " ") + "--help' for the options.");
            return Exit.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> Exit.report(ex, debug));
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        return q.startsWith("alexnet ") ? q.substring("alexnet ".length()) : "";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"alexnet " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
