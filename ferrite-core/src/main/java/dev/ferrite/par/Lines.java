package dev.ferrite.par;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Strict UTF-8 decoding of chunks, and their splitting into lines. */
final class Lines {
  private Lines() {}

  /**
   * {@return the chunk decoded as UTF-8}
   *
   * @throws UncheckedIOException wrapping a {@link CharacterCodingException} whose message names
   *     the file and the byte offset of the first malformed byte
   */
  static String decode(ByteChunk chunk) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = chunk.bytes().duplicate();
    CharBuffer out = CharBuffer.allocate(in.remaining());
    CoderResult r = d.decode(in, out, true);
    if (r.isUnderflow()) {
      r = d.flush(out);
    }
    if (r.isError()) {
      long at = chunk.offset() + in.position();
      CharacterCodingException e = new MalformedInputException(r.length()) {
        @Override
        public String getMessage() {
          return chunk.file() + ": invalid UTF-8 at byte " + at;
        }
      };
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return out.flip().toString();
  }

  static void split(ByteChunk chunk, Consumer<String> out) {
    String s = decode(chunk);
    int start = 0;
    int n = s.length();
    while (start < n) {
      int nl = s.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int stop = end > start && s.charAt(end - 1) == '\r' ? end - 1 : end;
      out.accept(s.substring(start, stop));
      start = end + 1;
    }
  }
}
