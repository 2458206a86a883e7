// Test helper: decodes a written PNG and checks its size, that it is not blank, and which colours it contains.
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

final class Png {

    private Png() {
    }

    /** Decodes {@code file}, asserts its size and at least {@code minColours} distinct RGB values; returns the image. */
    static BufferedImage check(Path file, int width, int height, int minColours) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a decodable image");
        assertEquals(width, img.getWidth(), file + " width");
        assertEquals(height, img.getHeight(), file + " height");
        int colours = distinctColours(img);
        assertTrue(colours >= minColours, file + " has only " + colours + " distinct colours, expected >= " + minColours);
        return img;
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) seen.add(img.getRGB(x, y) & 0xFFFFFF);
        }
        return seen.size();
    }

    /** Pixels whose RGB equals {@code rgb} exactly (a series' line and marker colour, away from anti-aliased edges). */
    static int countColour(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        }
        return n;
    }
}
