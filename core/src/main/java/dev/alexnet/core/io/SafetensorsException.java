// The one exception type for safetensors files that cannot be read or written.
package dev.alexnet.core.io;

/** A safetensors file is malformed, unsupported or unreadable; the message names the file and the problem. */
public final class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
