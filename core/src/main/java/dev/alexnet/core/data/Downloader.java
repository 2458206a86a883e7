// Downloads the four Fashion-MNIST files from the official mirrors, checks their MD5s and writes them atomically.
package dev.alexnet.core.data;

import dev.alexnet.core.data.DatasetException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the gzipped IDX files into a folder (normally {@link DataLocator#cacheDir()}). Each file is streamed into
 * a temporary file in the target folder while its MD5 is computed; only a file whose MD5 matches the published one
 * is renamed (atomically) to its final name, so the folder never holds a partial or corrupt file under a real name.
 * Mirrors are tried in order; a file already present with the right MD5 is not fetched again.
 */
public final class Downloader {
    /** One file to fetch: its name on the mirror and its expected MD5 (lower-case hex). */
    public record RemoteFile(String name, String md5) {
        public RemoteFile {
            Objects.requireNonNull(name, "name");
            if (!md5.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("md5 must be 32 lower-case hex digits: " + md5);
            }
        }
    }

    /**
     * Receives progress for one file, on the thread that called {@link #download}, a few times a second and once at
     * the end; {@code total} is -1 when the server does not say.
     */
    @FunctionalInterface
    public interface Progress {
        void update(String file, long received, long total);

        Progress NONE = (file, received, total) -> {};
    }

    /** The mirrors listed in the zalandoresearch/fashion-mnist README, in the order tried. */
    public static final List<URI> OFFICIAL_MIRRORS = List.of(
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"));

    /** The published MD5s of the gzipped files (zalandoresearch/fashion-mnist README). */
    public static final List<RemoteFile> OFFICIAL_FILES = List.of(
            new RemoteFile(FashionMnist.TRAIN_IMAGES + ".gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new RemoteFile(FashionMnist.TRAIN_LABELS + ".gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new RemoteFile(FashionMnist.TEST_IMAGES + ".gz", "bef4ecab320f06d8554ea6380940ec79"),
            new RemoteFile(FashionMnist.TEST_LABELS + ".gz", "bb300cfdad3c16e7a12a480ee83cd310"));

    private static final long PROGRESS_INTERVAL_MS = 200;

    private final List<URI> mirrors;
    private final List<RemoteFile> files;
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param timeout how long to wait for response headers, and for the next byte of a body, before trying the next
     *                mirror
     */
    public Downloader(List<URI> mirrors, List<RemoteFile> files, HttpClient client, Duration timeout) {
        this.mirrors = List.copyOf(mirrors);
        this.files = List.copyOf(files);
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.mirrors.isEmpty()) {
            throw new IllegalArgumentException("no mirrors");
        }
    }

    /** The official mirrors and MD5s, following redirects (GitHub's raw links redirect). */
    public static Downloader official() {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        return new Downloader(OFFICIAL_MIRRORS, OFFICIAL_FILES, client, Duration.ofSeconds(60));
    }

    /**
     * Makes sure every file is in {@code dir} with the right MD5, downloading what is missing or wrong.
     *
     * @return {@code dir}
     * @throws DatasetException (DOWNLOAD_FAILED) naming the file, what each mirror answered, and how to get the data
     */
    public Path download(Path dir, Progress progress) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure(dir, "cannot create " + dir + " (" + e + ")", e);
        }
        for (RemoteFile file : files) {
            Path target = dir.resolve(file.name());
            if (Files.isRegularFile(target) && file.md5().equals(md5OrNull(target))) {
                continue;
            }
            List<String> attempts = new ArrayList<>();
            IOException last = null;
            boolean done = false;
            for (URI mirror : mirrors) {
                URI uri = mirror.resolve(file.name());
                try {
                    fetch(uri, file, target, progress);
                    done = true;
                    break;
                } catch (IOException e) {
                    attempts.add(uri + ": " + describe(e));
                    last = e;
                }
            }
            if (!done) {
                throw failure(dir, "could not download " + file.name() + " (" + String.join("; ", attempts) + ")", last);
            }
        }
        return dir;
    }

    /**
     * Streams {@code uri} into a temporary sibling of {@code target}, checks the MD5, then renames it into place.
     * The body is copied on a separate thread so that a server that stops sending mid-body (the request timeout
     * covers only the response headers) is noticed after {@code timeout} without progress, instead of hanging.
     */
    private void fetch(URI uri, RemoteFile file, Path target, Progress progress) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Path temp = null;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            temp = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
            MessageDigest md5 = newMd5();
            AtomicLong received = new AtomicLong();
            Path out = temp;
            FutureTask<Void> copy = new FutureTask<>(() -> {
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
                    byte[] chunk = new byte[1 << 16];
                    for (int r; (r = body.read(chunk)) >= 0; ) {
                        ByteBuffer b = ByteBuffer.wrap(chunk, 0, r);
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                        md5.update(chunk, 0, r);
                        received.addAndGet(r);
                    }
                    ch.force(true);
                }
                return null;
            });
            Thread copier = Thread.ofVirtual().name("download " + file.name()).start(copy);
            waitWithStallCheck(copy, copier, body, received, total, file.name(), progress);
            if (total >= 0 && received.get() != total) {
                throw new IOException("connection closed after " + received.get() + " of " + total + " bytes");
            }
            String got = HexFormat.of().formatHex(md5.digest());
            if (!got.equals(file.md5())) {
                throw new IOException("MD5 mismatch: got " + got + ", expected " + file.md5());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Waits for the copy, reporting progress on the caller's thread; gives up after {@code timeout} without a byte. */
    private void waitWithStallCheck(FutureTask<Void> copy, Thread copier, InputStream body, AtomicLong received,
            long total, String name, Progress progress) throws IOException {
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (true) {
            try {
                copy.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                progress.update(name, received.get(), total);
                return;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long count = received.get();
                if (count != lastCount) {
                    lastCount = count;
                    lastChange = now;
                    progress.update(name, count, total);
                } else if (now - lastChange > timeout.toNanos()) {
                    abort(copy, copier, body);
                    throw new IOException("stalled: no data for " + timeout.toSeconds() + " s after " + count
                            + " bytes");
                }
            } catch (InterruptedException e) {
                abort(copy, copier, body);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause().toString(), e.getCause());
            }
        }
    }

    /** Stops a copy: the interrupt wakes a read blocked in the HTTP client, closing the body ends the exchange. */
    private static void abort(FutureTask<Void> copy, Thread copier, InputStream body) {
        copy.cancel(true);
        try {
            body.close();
            copier.join(Duration.ofSeconds(5));
        } catch (IOException | InterruptedException ignored) {
            // Already failing; the stall or interrupt is what gets reported.
        }
    }

    private DatasetException failure(Path dir, String what, Throwable cause) {
        StringBuilder sb = new StringBuilder(what).append(". To get the data, either install the Debian package "
                + "(apt-get install dataset-fashion-mnist, which fills " + DataLocator.SYSTEM_DIR + "), or download ");
        for (int i = 0; i < files.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(mirrors.get(0).resolve(files.get(i).name()));
        }
        if (mirrors.size() > 1) {
            sb.append(" (or the same names from ");
            for (int i = 1; i < mirrors.size(); i++) {
                sb.append(i == 1 ? "" : " or ").append(mirrors.get(i));
            }
            sb.append(')');
        }
        sb.append(" into ").append(dir).append(" and run again.");
        return new DatasetException(Kind.DOWNLOAD_FAILED, sb.toString(), cause);
    }

    /** The first message along the cause chain, else the exception's type (ConnectException often has neither). */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t == e ? t.getMessage() : e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Hex MD5 of a file, or null if it cannot be read. */
    static String md5OrNull(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = newMd5();
            byte[] chunk = new byte[1 << 16];
            for (int r; (r = in.read(chunk)) >= 0; ) {
                md5.update(chunk, 0, r);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            return null;
        }
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }
}
