// The names of the ten Fashion-MNIST classes, in label order, as the dataset's authors give them.
package dev.alexnet.core.report;

import java.util.List;

/** Label -> name of Fashion-MNIST (Xiao, Rasul, Vollgraf 2017). */
public final class ClassNames {
    private ClassNames() {}

    public static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
}
