// Downloader against a local HTTP server: mirror fallback, MD5 checks, atomic rename, no partial files left behind.
package dev.alexnet.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.alexnet.core.data.DatasetException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> content = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        Random rnd = new Random(7);
        for (String name : List.of("a.gz", "b.gz")) {
            byte[] b = new byte[100_000 + rnd.nextInt(1000)];
            rnd.nextBytes(b);
            content.put(name, b);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/missing/", ex -> reply(ex, "missing", 404, "no such file".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/good/", ex -> reply(ex, "good", 200, content.get(fileName(ex))));
        server.createContext("/corrupt/", ex -> {
            byte[] b = content.get(fileName(ex)).clone();
            b[b.length / 2] ^= 1; // one flipped bit: right length, wrong MD5
            reply(ex, "corrupt", 200, b);
        });
        server.createContext("/short/", ex -> {
            // Promises the whole file, sends half, then stops sending (HttpServer keeps the connection open).
            count("short");
            byte[] b = content.get(fileName(ex));
            ex.sendResponseHeaders(200, b.length);
            OutputStream out = ex.getResponseBody();
            out.write(b, 0, b.length / 2);
            out.flush();
            try {
                out.close();
            } catch (IOException expected) {
                // HttpServer complains that fewer bytes than promised were written; the client sees a short body.
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String fileName(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private void count(String context) {
        hits.computeIfAbsent(context, k -> new AtomicInteger()).incrementAndGet();
    }

    private int hits(String context) {
        AtomicInteger n = hits.get(context);
        return n == null ? 0 : n.get();
    }

    private void reply(HttpExchange ex, String context, int status, byte[] body) throws IOException {
        count(context);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private URI mirror(String context) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/" + context + "/");
    }

    private List<Downloader.RemoteFile> files() {
        return List.of(new Downloader.RemoteFile("a.gz", md5(content.get("a.gz"))),
                new Downloader.RemoteFile("b.gz", md5(content.get("b.gz"))));
    }

    private Downloader downloader(String... contexts) {
        List<URI> mirrors = new ArrayList<>();
        for (String c : contexts) {
            mirrors.add(mirror(c));
        }
        // The timeout is also the stall limit that ends the "short" mirror's half-sent bodies.
        return new Downloader(mirrors, files(), HttpClient.newHttpClient(), Duration.ofSeconds(1));
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fallsBackToTheNextMirrorAndVerifies() throws IOException {
        Path target = tmp.resolve("cache/alexnet/fashion-mnist");
        List<long[]> progress = new ArrayList<>();
        downloader("missing", "good").download(target, (file, received, total) -> progress.add(new long[] {received, total}));
        assertEquals(List.of("a.gz", "b.gz"), listing(target));
        assertArrayEquals(content.get("a.gz"), Files.readAllBytes(target.resolve("a.gz")));
        assertArrayEquals(content.get("b.gz"), Files.readAllBytes(target.resolve("b.gz")));
        assertEquals(2, hits("missing"));
        assertEquals(2, hits("good"));
        long[] last = progress.get(progress.size() - 1);
        assertEquals(content.get("b.gz").length, last[0]);
        assertEquals(content.get("b.gz").length, last[1]);

        // A second run finds both files with the right MD5 and fetches nothing.
        downloader("good").download(target, Downloader.Progress.NONE);
        assertEquals(2, hits("good"));
    }

    @Test
    void corruptOrStalledDownloadsNeverReachTheRealName() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("t"));
        downloader("corrupt", "short", "good").download(target, Downloader.Progress.NONE);
        assertEquals(List.of("a.gz", "b.gz"), listing(target)); // no .part files left
        assertArrayEquals(content.get("a.gz"), Files.readAllBytes(target.resolve("a.gz")));
        assertEquals(2, hits("corrupt"));
        assertEquals(2, hits("short"));
    }

    @Test
    void wrongExistingFileIsReplaced() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("t"));
        Files.write(target.resolve("a.gz"), new byte[] {1, 2, 3});
        downloader("good").download(target, Downloader.Progress.NONE);
        assertArrayEquals(content.get("a.gz"), Files.readAllBytes(target.resolve("a.gz")));
    }

    @Test
    void failureKeepsOldFilesAndSaysHowToGetTheData() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("t"));
        byte[] old = {9, 9, 9};
        Files.write(target.resolve("a.gz"), old);
        DatasetException e = assertThrows(DatasetException.class,
                () -> downloader("corrupt", "short", "missing").download(target, Downloader.Progress.NONE));
        assertEquals(Kind.DOWNLOAD_FAILED, e.kind());
        assertEquals(List.of("a.gz"), listing(target)); // nothing partial, old file untouched
        assertArrayEquals(old, Files.readAllBytes(target.resolve("a.gz")));
        String m = e.getMessage();
        assertTrue(m.startsWith("could not download a.gz (" + mirror("corrupt") + "a.gz: MD5 mismatch: got "), m);
        assertTrue(m.contains(mirror("short") + "a.gz: stalled: no data for 1 s after 50"), m);
        assertTrue(m.contains(mirror("missing") + "a.gz: HTTP 404)"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains(mirror("corrupt") + "a.gz, " + mirror("corrupt") + "b.gz"), m);
        assertTrue(m.endsWith("b.gz (or the same names from " + mirror("short") + " or " + mirror("missing") + ") into "
                + target + " and run again."), m);
    }

    @Test
    void unreachableMirror() throws IOException {
        Path target = tmp.resolve("t");
        Downloader d = new Downloader(List.of(URI.create("http://127.0.0.1:1/")), files(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(5));
        DatasetException e = assertThrows(DatasetException.class, () -> d.download(target, Downloader.Progress.NONE));
        assertEquals(Kind.DOWNLOAD_FAILED, e.kind());
        assertTrue(listing(target).isEmpty());
    }

    @Test
    void officialTableMatchesThePublishedChecksums() {
        // From the zalandoresearch/fashion-mnist README.
        assertEquals(List.of(
                new Downloader.RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                new Downloader.RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                new Downloader.RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                new Downloader.RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310")),
                Downloader.OFFICIAL_FILES);
        assertEquals("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz",
                Downloader.OFFICIAL_MIRRORS.get(0).resolve("train-images-idx3-ubyte.gz").toString());
        assertEquals("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/t10k-labels-idx1-ubyte.gz",
                Downloader.OFFICIAL_MIRRORS.get(1).resolve("t10k-labels-idx1-ubyte.gz").toString());
        assertFalse(Downloader.official() == null);
    }
}
