package dev.ferrite.cli.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.cli.wordcount.WordCount.Counts;
import dev.ferrite.exec.WorkStealingPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word rule, and the parallel count against the sequential reference. */
class WordCountTest {
  @TempDir Path dir;
  private final WorkStealingPool pool =
      WorkStealingPool.builder().workers(2).name("wordcount-test").build();

  @AfterEach
  void close() {
    pool.close();
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Words.forEachWord(s, out::add);
    return out;
  }

  private Counts both(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Counts seq = WordCount.sequential(Path.of("t"), b);
    for (int chunk : new int[] {1, 2, 3, 7, 64, 1 << 16}) {
      assertThat(WordCount.parallel(Path.of("t"), b, pool, chunk)).isEqualTo(seq);
    }
    Path f = Files.write(dir.resolve("f" + Math.abs(text.hashCode()) + ".txt"), b);
    assertThat(WordCount.parallel(List.of(f), pool, new LongAdder())).isEqualTo(seq);
    assertThat(WordCount.sequential(List.of(f))).isEqualTo(seq);
    return seq;
  }

  @Test
  void whiteSpaceIsExactlyTheUnicodeProperty() {
    int[] ws = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
        0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F,
        0x205F, 0x3000};
    int count = 0;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Words.isWhiteSpace(cp)) {
        count++;
      }
    }
    assertThat(count).isEqualTo(ws.length);
    for (int cp : ws) {
      assertThat(Words.isWhiteSpace(cp)).as("U+%04X", cp).isTrue();
    }
    // where Java's isWhitespace differs
    for (int cp = 0x1C; cp <= 0x1F; cp++) {
      assertThat(Character.isWhitespace(cp)).isTrue();
      assertThat(Words.isWhiteSpace(cp)).isFalse();
    }
    assertThat(Words.isWhiteSpace(0x200B)).isFalse(); // zero width space is not White_Space
    assertThat(Words.isWhiteSpace(0xFEFF)).isFalse();
  }

  @Test
  void unicodeCases() throws IOException {
    assertThat(words("Straße STRASSE ÉCOLE école İstanbul")).containsExactly(
        "straße", "strasse", "école", "école", "i̇stanbul");
    assertThat(words("a\u00A0b\u2007c\u202Fd\u3000e\u0085f\u1680g")).containsExactly(
        "a", "b", "c", "d", "e", "f", "g");
    assertThat(words("x\u001Cy\u200Bz")).containsExactly("x\u001Cy\u200Bz");
    // final sigma: word-final capital sigma becomes ς, elsewhere σ
    assertThat(words("ΟΔΟΣ ΣΑΣ ΟΔΟΣ\u00A0ΣΑΣ")).containsExactly("οδος", "σας", "οδος", "σας");
    // combining marks stay with their letter; a precomposed é is another word
    assertThat(words("Cafe\u0301 CAFE\u0301 café")).containsExactly(
        "cafe\u0301", "cafe\u0301", "café");
    assertThat(words("😀 👍🏽 ZWJ👨‍👩‍👧")).containsExactly("😀", "👍🏽", "zwj👨‍👩‍👧");
    assertThat(words("")).isEmpty();
    assertThat(words(" \t\r\n ")).isEmpty();

    Counts c = both("ΟΔΟΣ οδος Straße STRASSE a\u00A0b a b\r\nA\u2003B 😀 😀\u0301 CAFE\u0301");
    assertThat(c.total()).isEqualTo(13);
    assertThat(c.words()).containsEntry("οδος", 2L).containsEntry("a", 3L)
        .containsEntry("b", 3L).containsEntry("😀", 1L);
  }

  @Test
  void lineEndingsEmptyFilesAndNoTrailingNewline() throws IOException {
    assertThat(both("").total()).isZero();
    assertThat(both("one two\r\nthree\r\n").words())
        .isEqualTo(Map.of("one", 1L, "two", 1L, "three", 1L));
    assertThat(both("no newline at the end").total()).isEqualTo(5);
    assertThat(both("\n\n\r\n").total()).isZero();
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertThat(WordCount.parallel(List.of(empty), pool, new LongAdder()).total()).isZero();
  }

  @Test
  void aWordAtTheSplitBetweenTwoChunksIsCountedOnce() throws IOException {
    // a 3 MB file is split among workers; put long words across every chunk boundary candidate
    StringBuilder sb = new StringBuilder();
    String longWord = "x".repeat(300_000);
    for (int i = 0; sb.length() < 3_000_000; i++) {
      sb.append("w").append(i % 1000).append(i % 7 == 0 ? "\n" : " ");
      if (i % 50_000 == 0) {
        sb.append(longWord).append(' ');
      }
    }
    sb.append("ÉND");
    String text = sb.toString();
    Path f = Files.writeString(dir.resolve("big.txt"), text);
    Counts seq = WordCount.sequential(List.of(f));
    LongAdder done = new LongAdder();
    assertThat(WordCount.parallel(List.of(f), pool, done)).isEqualTo(seq);
    assertThat(done.sum()).isEqualTo(Files.size(f));
    assertThat(seq.words()).containsEntry("énd", 1L);
  }

  @Test
  void randomTextsMatchTheReference() throws IOException {
    String[] pieces = {"a", "A", "ß", "Σ", "σ", "ς", "é", "e\u0301", "😀", "İ", " ", "\n", "\r\n",
        "\u00A0", "\u2007", "\u202F", "\u001C", "\t", "word", "WORD", "\u3000", "\u0085"};
    SplittableRandom r = new SplittableRandom(20261129L);
    for (int run = 0; run < 100; run++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(300);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      both(sb.toString());
    }
  }

  @Test
  void directoriesAreSearchedAndBadInputNamesThePath() throws IOException {
    Path d = Files.createDirectories(dir.resolve("d/e"));
    Files.writeString(d.resolve("1.txt"), "a b");
    Files.writeString(dir.resolve("d/2.txt"), "b c");
    List<Path> files = WordCount.expand(List.of(dir.resolve("d")));
    assertThat(files).hasSize(2);
    assertThat(WordCount.parallel(files, pool, new LongAdder()).words())
        .isEqualTo(Map.of("a", 1L, "b", 2L, "c", 1L));

    assertThatThrownBy(() -> WordCount.expand(List.of(dir.resolve("missing"))))
        .hasMessage(dir.resolve("missing") + ": no such file or directory");
    Path emptyDir = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> WordCount.expand(List.of(emptyDir)))
        .hasMessageContaining(emptyDir.toString());

    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', ' ', (byte) 0xFF, '\n'});
    assertThatThrownBy(() -> WordCount.parallel(List.of(bad), pool, new LongAdder()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(bad + ": invalid UTF-8 at byte 3");
    assertThatThrownBy(() -> WordCount.sequential(List.of(bad)))
        .hasMessageContaining(bad + ": invalid UTF-8 at byte 3");
    // a truncated sequence at the end of the file, and an encoded surrogate
    Path cut = Files.write(dir.resolve("cut.txt"), new byte[] {'a', (byte) 0xE2, (byte) 0x82});
    assertThatThrownBy(() -> WordCount.parallel(List.of(cut), pool, new LongAdder()))
        .hasMessageContaining(cut + ": invalid UTF-8 at byte 1");
    Path sur = Files.write(dir.resolve("sur.txt"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    assertThatThrownBy(() -> WordCount.parallel(List.of(sur), pool, new LongAdder()))
        .hasMessageContaining(sur + ": invalid UTF-8 at byte 0");
  }

  @Test
  void topIsByCountThenWordByCodePoint() {
    Counts c = new Counts(10, Map.of("b", 3L, "a", 3L, "\uFF21", 1L, "😀", 1L, "z", 2L));
    assertThat(c.top(10)).extracting(Map.Entry::getKey)
        .containsExactly("a", "b", "z", "\uFF21", "😀");
    assertThat(c.top(2)).extracting(Map.Entry::getKey).containsExactly("a", "b");
  }

  @Test
  void builtInCorpusMatchesTheReference() {
    byte[] corpus = WordCount.corpus();
    assertThat(corpus.length).isGreaterThan(4_000_000);
    Counts seq = WordCount.sequential(WordCount.CORPUS_NAME, corpus);
    assertThat(WordCount.parallel(WordCount.CORPUS_NAME, corpus, pool, 1 << 16)).isEqualTo(seq);
    assertThat(seq.top(1).get(0).getKey()).isEqualTo("the");
  }
}
