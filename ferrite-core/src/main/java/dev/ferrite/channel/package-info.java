/**
 * Channels: message passing between threads, after Rust's {@code std::sync::mpsc} and
 * crossbeam-channel.
 *
 * <p>A {@link dev.ferrite.channel.Channel} is created with one {@link dev.ferrite.channel.Sender}
 * and one {@link dev.ferrite.channel.Receiver}; both can be cloned and closed handle by handle.
 * Closing the last sender lets receivers drain and then see the channel closed; closing the last
 * receiver makes sends fail and hand their message back.
 *
 * <table class="striped">
 *   <caption>Operation forms and outcomes</caption>
 *   <thead>
 *   <tr><th>operation</th><th>success</th><th>not ready</th><th>timed out</th><th>closed</th></tr>
 *   </thead>
 *   <tbody>
 *   <tr><td>{@code send(m)} (blocks)</td><td>returns</td><td>&mdash;</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.ChannelClosedException} carrying {@code m}</td></tr>
 *   <tr><td>{@code trySend(m)}</td><td>{@link dev.ferrite.channel.Sent}</td>
 *       <td>{@link dev.ferrite.channel.Full Full(m)}</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.SendClosed SendClosed(m)}</td></tr>
 *   <tr><td>{@code send(m, timeout)}, {@code sendUntil(m, deadline)}</td>
 *       <td>{@link dev.ferrite.channel.Sent}</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.SendTimedOut SendTimedOut(m)}</td>
 *       <td>{@link dev.ferrite.channel.SendClosed SendClosed(m)}</td></tr>
 *   <tr><td>{@code recv()} (blocks)</td><td>the message</td><td>&mdash;</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.ChannelClosedException} once drained</td></tr>
 *   <tr><td>{@code tryRecv()}</td><td>{@link dev.ferrite.channel.Received Received(v)}</td>
 *       <td>{@link dev.ferrite.channel.Empty}</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.RecvClosed} once drained</td></tr>
 *   <tr><td>{@code recv(timeout)}, {@code recvUntil(deadline)}</td>
 *       <td>{@link dev.ferrite.channel.Received Received(v)}</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.channel.RecvTimedOut}</td>
 *       <td>{@link dev.ferrite.channel.RecvClosed} once drained</td></tr>
 *   <tr><td>{@link dev.ferrite.channel.Select}</td><td>the completed case's handler</td>
 *       <td>{@code trySelect}'s default</td><td>{@code onTimeout}</td><td>the case's
 *       {@code onClosed}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Flavours and their algorithms</h2>
 * <ul>
 *   <li>bounded: Vyukov's bounded MPMC ring with per-slot stamps (as in crossbeam's
 *       {@code flavors/array});
 *   <li>unbounded: a linked list of blocks claimed by CAS on a shared position (crossbeam's
 *       {@code flavors/list});
 *   <li>rendezvous: a lock-guarded list of waiting operations, completed by hand-off (crossbeam's
 *       {@code flavors/zero}).
 * </ul>
 * All blocking paths spin briefly and then park through one shared waiter mechanism; none holds a
 * monitor, so virtual threads never pin, and interruption is always honoured.
 *
 * <h2>Memory consistency</h2>
 * Actions in a thread before it sends a message <i>happen-before</i> actions after the receive
 * that takes that message, in whichever thread.
 */
package dev.ferrite.channel;
