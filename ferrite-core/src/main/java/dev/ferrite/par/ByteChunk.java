package dev.ferrite.par;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A piece of a file read by {@link ParIter#chunks(Path)}: the bytes from {@code offset}, ending
 * just after a line feed ({@code '\n'}) or at the end of the file. A chunk never splits a line,
 * so (for UTF-8 and every ASCII-compatible encoding) it can be decoded on its own.
 *
 * @param file the file the bytes were read from
 * @param offset the position of the first byte in the file
 * @param bytes the bytes, a read-only buffer from position 0 to its limit
 */
public record ByteChunk(Path file, long offset, ByteBuffer bytes) {
  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code file} or {@code bytes} is null
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public ByteChunk {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(bytes, "bytes");
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset: " + offset);
    }
  }

  /** {@return the number of bytes in the chunk} */
  public int length() {
    return bytes.remaining();
  }
}
