// A gunzip stream (RFC 1952) that, unlike java.util.zip.GZIPInputStream, rejects bytes after the last member.
package dev.alexnet.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes one or more concatenated gzip members. GZIPInputStream silently ignores anything after a member that does
 * not parse as another member header; here that is a {@link TrailingGarbage} error. A bad header, bad deflate data or
 * a CRC/size mismatch is a {@link ZipException}, and an early end an {@link EOFException}, as in the JDK class.
 */
final class StrictGzipInputStream extends InputStream {
    /** Bytes follow the last complete member that are not another member. */
    static final class TrailingGarbage extends ZipException {
        final long bytes;

        TrailingGarbage(long bytes) {
            super(bytes + " bytes follow the end of the gzip stream");
            this.bytes = bytes;
        }
    }

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FRESERVED = 0xe0;

    private final PushbackInputStream in;
    private final byte[] buf = new byte[1 << 16];
    private final Inflater inf = new Inflater(true); // raw deflate: the gzip framing is parsed here
    private final CRC32 crc = new CRC32();
    private int bufLen;
    private boolean eof;

    StrictGzipInputStream(InputStream raw) throws IOException {
        this.in = new PushbackInputStream(raw, buf.length);
        readHeader(in.read());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            int n;
            try {
                n = inf.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("bad deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inf.finished()) {
                endOfMember();
            } else if (inf.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary");
            } else if (inf.needsInput()) {
                bufLen = in.read(buf);
                if (bufLen < 0) {
                    throw new EOFException("unexpected end of gzip data");
                }
                inf.setInput(buf, 0, bufLen);
            } else {
                throw new ZipException("inflater made no progress");
            }
        }
        return -1;
    }

    /** Checks the trailer, then either ends the stream or starts the next member. */
    private void endOfMember() throws IOException {
        int rem = inf.getRemaining();
        if (rem > 0) {
            in.unread(buf, bufLen - rem, rem);
        }
        long wantCrc = readUInt32();
        long wantSize = readUInt32();
        if (wantCrc != crc.getValue()) {
            throw new ZipException("gzip CRC mismatch");
        }
        if (wantSize != (inf.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("gzip size mismatch");
        }
        int next = in.read();
        if (next < 0) {
            eof = true;
            return;
        }
        inf.reset();
        crc.reset();
        readHeader(next);
    }

    /** Parses a member header whose first byte has already been read. */
    private void readHeader(int first) throws IOException {
        int second = in.read();
        if (first != 0x1f || second != 0x8b) {
            if (first < 0) {
                throw new EOFException("empty gzip stream");
            }
            long extra = 1 + (second < 0 ? 0 : 1 + in.transferTo(java.io.OutputStream.nullOutputStream()));
            throw new TrailingGarbage(extra);
        }
        if (readByte() != 8) {
            throw new ZipException("unsupported gzip compression method");
        }
        int flags = readByte();
        if ((flags & FRESERVED) != 0) {
            throw new ZipException("reserved gzip header flags set");
        }
        for (int i = 0; i < 6; i++) { // MTIME (4), XFL, OS
            readByte();
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = readByte() | readByte() << 8;
            for (int i = 0; i < xlen; i++) {
                readByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (readByte() != 0) {
                // zero-terminated original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (readByte() != 0) {
                // zero-terminated comment
            }
        }
        if ((flags & FHCRC) != 0) {
            readByte();
            readByte();
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("unexpected end of gzip header or trailer");
        }
        return b;
    }

    private long readUInt32() throws IOException {
        return (readByte() | readByte() << 8 | readByte() << 16 | (long) readByte() << 24);
    }

    @Override
    public void close() throws IOException {
        inf.end();
        in.close();
    }

}
