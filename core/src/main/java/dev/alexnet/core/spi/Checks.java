// Argument checks every backend makes at the SPI boundary, with the same messages everywhere.
package dev.alexnet.core.spi;

import dev.alexnet.core.shape.Shape;

/** Static checks that throw {@link IllegalArgumentException} naming the op and the shapes involved. */
public final class Checks {
    private Checks() {}

    public static void requireShape(String what, Tensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(what + " has shape " + t.shape() + ", expected " + expected);
        }
    }

    public static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ: " + a.shape() + " vs " + b.shape());
        }
    }

    public static void requireSameSize(String op, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": sizes differ: " + a.shape() + " vs " + b.shape());
        }
    }

    public static void requireLength(String op, int got, int expected) {
        if (got != expected) {
            throw new IllegalArgumentException(op + ": array of " + got + " floats for a tensor of " + expected);
        }
    }

    public static void requireProbability(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
    }
}
