/**
 * jcstress tests of the publication and ordering claims that Lincheck cannot check (its model
 * checker assumes sequential consistency, so it cannot see a missing fence or volatile).
 *
 * <p>Each test runs two actors over a fresh channel many millions of times and classifies what
 * the receiving actor saw. {@link dev.ferrite.jcstress.ScopeVisibilityTest} does the same for
 * scoped threads: a task's writes are visible after {@code join()} and through its handle. Run them with a JDK 21+ after {@code ./mvnw package}:
 * <pre>{@code
 * java -jar ferrite-jcstress/target/jcstress.jar -t dev.ferrite -m quick
 * }</pre>
 * ({@code -m default} or {@code -m tough} run longer and find rarer reorderings.)
 */
package dev.ferrite.jcstress;
