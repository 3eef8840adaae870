package dev.ferrite.par.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ByteChunk;
import dev.ferrite.par.ParIter;
import dev.ferrite.test.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParIter#lines} and {@link ParIter#chunks} against a sequential reading. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FileSourcesTest {
  @TempDir Path dir;
  private final WorkStealingPool pool = WorkStealingPool.builder().workers(2).build();

  @AfterEach
  void close() {
    pool.close();
  }

  /** The reference: split on \n, drop one \r before it, no line after a final \n. */
  static List<String> referenceLines(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < s.length()) {
      int nl = s.indexOf('\n', start);
      int end = nl < 0 ? s.length() : nl;
      String line = s.substring(start, end);
      out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      start = end + 1;
    }
    return out;
  }

  @Test
  void linesMatchASequentialReading() throws IOException {
    String[] pieces = {"a", "bb", "héllo wörld", "日本語", "😀x", "", "\r", " ", "ΣΑΣ", "\t"};
    for (long seed : Seeds.seeds(40)) {
      Seeds.run(seed, r -> {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(400);
        for (int i = 0; i < n; i++) {
          sb.append(pieces[r.nextInt(pieces.length)]);
          if (r.nextInt(3) == 0) {
            sb.append(r.nextBoolean() ? "\n" : "\r\n");
          }
        }
        String text = sb.toString();
        Path f = dir.resolve("f" + seed + ".txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        int chunk = 1 + r.nextInt(64);
        List<String> got = ParIter.chunks(f, chunk).on(pool)
            .<String>mapMulti((c, down) -> {
              String s = StandardCharsets.UTF_8.decode(c.bytes()).toString();
              down.accept(s);
            }).toList();
        assertThat(String.join("", got)).isEqualTo(text);
        for (String g : got.subList(0, Math.max(0, got.size() - 1))) {
          assertThat(g).endsWith("\n");
        }
        assertThat(ParIter.lines(f).on(pool).toList()).isEqualTo(referenceLines(text));
      });
    }
  }

  @Test
  void bigFileIsSplitAcrossWorkersAndChunksAreLineAligned() throws IOException {
    Path f = dir.resolve("big.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      sb.append("line ").append(i).append('\n');
    }
    Files.writeString(f, sb);
    List<ByteChunk> chunks = ParIter.chunks(f, 4096).on(pool).toList();
    long expectOffset = 0;
    for (ByteChunk c : chunks) {
      assertThat(c.offset()).isEqualTo(expectOffset);
      expectOffset += c.length();
      assertThat(c.bytes().get(c.length() - 1)).isEqualTo((byte) '\n');
    }
    assertThat(expectOffset).isEqualTo(Files.size(f));
    assertThat(ParIter.lines(f).on(pool).count()).isEqualTo(200_000);
    assertThat(ParIter.lines(f).on(pool).findFirst(l -> l.endsWith("99"))).contains("line 99");
  }

  @Test
  void emptyFileAndNoTrailingNewline() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "");
    assertThat(ParIter.lines(empty).on(pool).toList()).isEmpty();
    assertThat(ParIter.chunks(empty).on(pool).count()).isZero();
    Path last = Files.writeString(dir.resolve("last"), "one\r\ntwo");
    assertThat(ParIter.lines(last).on(pool).toList()).containsExactly("one", "two");
  }

  @Test
  void missingFileAndInvalidUtf8NameThePath() throws IOException {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> ParIter.lines(missing).on(pool).count())
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(missing.toString());
    Path bad = dir.resolve("bad.txt");
    Files.write(bad, new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> ParIter.lines(bad).on(pool).count())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("byte 4");
  }
}
