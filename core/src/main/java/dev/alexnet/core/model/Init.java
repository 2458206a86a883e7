// Weight initialisation schemes: the paper's N(0, 0.01) with its bias constants, or He/Kaiming.
package dev.alexnet.core.model;

import java.util.Locale;

/**
 * How weights start.
 * <ul>
 *   <li>{@code PAPER}: weights ~ N(0, 0.01^2); biases 1 in conv2, conv4, conv5 and the hidden FC layers,
 *       0 elsewhere (section 5: the positive bias feeds the ReLUs positive inputs early on).</li>
 *   <li>{@code HE}: weights ~ N(0, 2 / fan_in) (He et al. 2015, for ReLU networks), biases 0, except the
 *       output layer, which starts at N(0, 0.01^2) so the first predictions are near uniform. It keeps
 *       activation variance constant through depth, so training starts at once with a larger rate.</li>
 * </ul>
 */
public enum Init {
    PAPER, HE;

    public static Init parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown init '" + s + "'; known: paper, he");
        }
    }
}
