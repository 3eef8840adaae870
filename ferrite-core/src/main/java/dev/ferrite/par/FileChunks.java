package dev.ferrite.par;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * A spliterator over the line-aligned byte chunks of a byte range of one file.
 *
 * <p>Implementation overview. The root opens one {@link FileChannel}, shared by every piece split
 * from it (positional reads are thread-safe and do not move a shared position), and closes it
 * when the evaluation ends ({@link #close()} on the root; the engine calls it after the terminal
 * operation's last task). A split cuts the range in the middle and moves the cut forward to just
 * after the next line feed, reading a few blocks from the middle if needed, so no line (and no
 * word: a line feed is white space) straddles two pieces. Reading a piece yields chunks of about
 * {@link #CHUNK} bytes, each cut after its last line feed; a line longer than a chunk grows the
 * buffer until the line fits or the range ends. Nothing is read ahead: memory is a few chunks per
 * worker whatever the file's size.
 */
final class FileChunks implements Spliterator<ByteChunk>, AutoCloseable {
  /** Target bytes per chunk. */
  static final int CHUNK = 1 << 20;
  /** Ranges smaller than this are not split further. */
  static final long MIN_SPLIT = 64 * 1024;
  private static final int SCAN = 8 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final boolean root;
  private final int chunkSize;
  private final long minSplit;
  private long pos;
  private final long end;

  private FileChunks(Path path, FileChannel channel, boolean root, int chunkSize, long minSplit,
      long pos, long end) {
    this.path = path;
    this.channel = channel;
    this.root = root;
    this.chunkSize = chunkSize;
    this.minSplit = minSplit;
    this.pos = pos;
    this.end = end;
  }

  /** Opens {@code path}; the caller must {@link #close()} the result. */
  static FileChunks open(Path path, int chunkSize, long minSplit) {
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      try {
        return new FileChunks(path, ch, true, chunkSize, minSplit, 0, ch.size());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (root) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean tryAdvance(Consumer<? super ByteChunk> action) {
    if (pos >= end) {
      return false;
    }
    int want = (int) Math.min(chunkSize, end - pos);
    ByteBuffer buf = ByteBuffer.allocate(want);
    while (true) {
      readFully(buf, pos);
      int n = buf.position();
      if (n < buf.capacity()) { // the file shrank: stop at what is there
        if (n == 0) {
          pos = end;
          return false;
        }
      }
      int cut = -1;
      if (pos + n >= end || n < buf.capacity()) {
        cut = n;
      } else {
        for (int i = n - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            cut = i + 1;
            break;
          }
        }
      }
      if (cut > 0) {
        ByteBuffer out = buf.flip().limit(cut).slice().asReadOnlyBuffer();
        long at = pos;
        pos = (n < buf.capacity() && cut == n) ? end : pos + cut;
        action.accept(new ByteChunk(path, at, out));
        return true;
      }
      // A line longer than the buffer: grow it (to the end of the range at most).
      long bigger = Math.min(end - pos, 2L * buf.capacity());
      if (bigger > Integer.MAX_VALUE - 16) {
        throw new UncheckedIOException(new IOException(
            path + ": a line longer than 2 GB at byte " + pos));
      }
      buf = ByteBuffer.allocate((int) bigger);
    }
  }

  private void readFully(ByteBuffer buf, long at) {
    buf.clear();
    try {
      while (buf.hasRemaining()) {
        int r = channel.read(buf, at + buf.position());
        if (r < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Spliterator<ByteChunk> trySplit() {
    long len = end - pos;
    if (len < 2 * minSplit) {
      return null;
    }
    long mid = pos + len / 2;
    long cut = nextLineStart(mid);
    if (cut <= pos || cut >= end) {
      return null;
    }
    FileChunks prefix = new FileChunks(path, channel, false, chunkSize, minSplit, pos, cut);
    pos = cut;
    return prefix;
  }

  /** {@return the position just after the first line feed at or after {@code from}; end if none} */
  private long nextLineStart(long from) {
    ByteBuffer buf = ByteBuffer.allocate(SCAN);
    long at = from;
    while (at < end) {
      readFully(buf, at);
      int n = (int) Math.min(buf.position(), end - at);
      if (n == 0) {
        return end;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return end;
  }

  @Override
  public long estimateSize() {
    return end - pos;
  }

  @Override
  public int characteristics() {
    return ORDERED | NONNULL;
  }
}
