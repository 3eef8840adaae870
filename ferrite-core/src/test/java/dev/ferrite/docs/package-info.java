/**
 * The examples of the user guide pages in {@code docs/}: each {@code *DocExampleTest} runs the
 * code shown on a page, between {@code // @start region="..."} and {@code // @end} markers, and
 * checks its result; {@link dev.ferrite.docs.DocSnippetsTest} checks that every page's code block
 * marked {@code <!-- snippet: File.java#region -->} is exactly that region, so the two cannot
 * drift apart.
 */
package dev.ferrite.docs;
