package dev.ferrite.cli.wordcount;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The article's word rule: lower-case the text (full Unicode mapping, locale-independent), then
 * split on Unicode {@code White_Space} as Rust's {@code str::split_whitespace} does.
 *
 * <p>{@link Character#isWhitespace} is not that set: it leaves out the no-break spaces U+00A0,
 * U+2007 and U+202F, and the next-line control U+0085, and it adds the information separators
 * U+001C..U+001F. {@link #isWhiteSpace(int)} is the exact {@code White_Space} property of
 * Unicode 15 (PropList.txt), which has not changed since Unicode 6.3; every member is in the BMP.
 *
 * <p>Lower-casing each word after splitting gives the same words as lower-casing the text first:
 * no lower-case mapping produces or removes a white-space character, and the only
 * context-dependent mapping (final sigma, U+03A3 to U+03C2 at the end of a word) looks at the
 * neighbouring cased letters, which white space separates. The sequential reference
 * ({@link WordCount#sequential}) lower-cases the whole text first, so tests check this claim.
 */
public final class Words {
  private Words() {}

  /**
   * {@return true if {@code cp} has the Unicode {@code White_Space} property}
   *
   * @param cp a Unicode code point
   */
  public static boolean isWhiteSpace(int cp) {
    return switch (cp) {
      case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
          0x205F, 0x3000 -> true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /**
   * Passes each word of {@code text}, lower-cased with {@link Locale#ROOT}, to {@code out}.
   *
   * @param text the text
   * @param out receives the words in order
   */
  public static void forEachWord(CharSequence text, Consumer<String> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && isWhiteSpace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isWhiteSpace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.accept(text.subSequence(start, i).toString().toLowerCase(Locale.ROOT));
      }
    }
  }

  /**
   * Passes each word of {@code text} to {@code out} without changing its case.
   *
   * @param text the text, already lower-cased
   * @param out receives the words in order
   */
  static void forEachRawWord(String text, Consumer<String> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && isWhiteSpace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isWhiteSpace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.accept(text.substring(start, i));
      }
    }
  }

  /**
   * Compares strings by code point, as Rust compares {@code str} (UTF-8 bytes); unlike
   * {@link String#compareTo}, which compares UTF-16 units and puts U+10000.. before U+E000..U+FFFF.
   *
   * @param a a string
   * @param b another string
   * @return negative, zero or positive as {@code a} is before, equal to or after {@code b}
   */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
