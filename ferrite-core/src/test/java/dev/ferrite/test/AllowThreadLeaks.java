package dev.ferrite.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns the {@link ThreadLeakChecker} off for one test method or a whole test class. Use it only
 * for a test whose framework keeps threads of its own that the checker cannot recognise, and say
 * why.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowThreadLeaks {
  /** {@return why this test may leave threads behind} */
  String value();
}
