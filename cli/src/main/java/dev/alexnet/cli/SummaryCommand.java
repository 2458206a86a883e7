// `alexnet summary`: the layer table of a preset (output shapes, parameters, FLOPs), like Keras' model.summary().
package dev.alexnet.cli;

import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints the layers of a preset with output shapes, parameter counts and forward FLOPs per image.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "fashion", description = "fashion or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    @Override
    public Integer call() {
        System.out.print(Architecture.table(AlexNetConfig.preset(preset)));
        return Exit.OK;
    }
}
