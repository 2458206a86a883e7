// Turns a photo of any size (PNG, JPEG) into a 28x28 Fashion-MNIST-like image: grey, light item on dark, centred.
package dev.alexnet.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Fashion-MNIST items are light on a black background and fill a square frame. A picture is made grey (luma, with
 * transparency composited over white), inverted when its border is light (a product photo on white), padded to a
 * square with its background level, then area-averaged down (or bilinearly up) to the wanted size.
 */
final class ImageInput {
    private ImageInput() {}

    /** A converted image: {@code size x size} grey levels 0..255, row-major, and whether it was inverted. */
    record Converted(byte[] pixels, boolean inverted, int width, int height) {}

    static Converted read(Path file, int size) {
        if (!Files.isRegularFile(file)) throw new Exit.Failure(Exit.USAGE, file + ": no such image file");
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO throws unchecked exceptions from some decoders on damaged files.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Exit.Failure(Exit.DATA, file + ": cannot decode the image (" + why + ")");
        }
        if (img == null) throw new Exit.Failure(Exit.DATA, file + ": not a PNG or JPEG image");
        return convert(img, size);
    }

    static Converted convert(BufferedImage img, int size) {
        int w = img.getWidth(), h = img.getHeight();
        float[] grey = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float a = (argb >>> 24) / 255f;
                float luma = 0.299f * (argb >> 16 & 0xff) + 0.587f * (argb >> 8 & 0xff) + 0.114f * (argb & 0xff);
                grey[y * w + x] = luma * a + 255f * (1 - a);
            }
        }
        double border = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            border += grey[x] + grey[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 0; y < h; y++) {
            border += grey[y * w] + grey[y * w + w - 1];
            n += 2;
        }
        border /= n;
        boolean invert = border > 127.5;
        if (invert) {
            for (int i = 0; i < grey.length; i++) grey[i] = 255f - grey[i];
            border = 255 - border;
        }
        // Pad to a square, centred, with the background level.
        int side = Math.max(w, h), ox = (side - w) / 2, oy = (side - h) / 2;
        float[] sq = new float[side * side];
        java.util.Arrays.fill(sq, (float) border);
        for (int y = 0; y < h; y++) System.arraycopy(grey, y * w, sq, (y + oy) * side + ox, w);
        return new Converted(resize(sq, side, size), invert, w, h);
    }

    /** A side x side square to size x size: the mean over each output pixel's area when shrinking, bilinear otherwise. */
    static byte[] resize(float[] src, int side, int size) {
        byte[] out = new byte[size * size];
        double scale = (double) side / size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v;
                if (scale >= 1) {
                    double y0 = y * scale, y1 = (y + 1) * scale, x0 = x * scale, x1 = (x + 1) * scale, sum = 0, area = 0;
                    for (int sy = (int) y0; sy < Math.min(side, Math.ceil(y1)); sy++) {
                        double wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
                        for (int sx = (int) x0; sx < Math.min(side, Math.ceil(x1)); sx++) {
                            double wgt = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
                            sum += wgt * src[sy * side + sx];
                            area += wgt;
                        }
                    }
                    v = sum / area;
                } else {
                    double fy = Math.max(0, (y + 0.5) * scale - 0.5), fx = Math.max(0, (x + 0.5) * scale - 0.5);
                    int iy = Math.min((int) fy, side - 1), ix = Math.min((int) fx, side - 1);
                    int iy1 = Math.min(iy + 1, side - 1), ix1 = Math.min(ix + 1, side - 1);
                    double wy = fy - iy, wx = fx - ix;
                    v = (src[iy * side + ix] * (1 - wx) + src[iy * side + ix1] * wx) * (1 - wy)
                            + (src[iy1 * side + ix] * (1 - wx) + src[iy1 * side + ix1] * wx) * wy;
                }
                out[y * size + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return out;
    }
}
