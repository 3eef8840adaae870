package dev.ferrite.internal;

/**
 * An intrusive FIFO list of registered waiters, not thread-safe: its owner guards it with a lock.
 * Entries unlink in O(1), so a hundred thousand waiters that time out one by one cost linear time.
 */
public final class WaitList {
  /** One registration: a waiter, the claim it expects, and an optional hand-off packet. */
  public static final class Entry {
    final Waiter waiter;
    final int claim;
    /** The message handed over through this entry (rendezvous), or null. */
    public Object packet;
    Entry prev;
    Entry next;
    boolean linked;

    Entry(Waiter waiter, int claim, Object packet) {
      this.waiter = waiter;
      this.claim = claim;
      this.packet = packet;
    }

    /** {@return the registered waiter} */
    public Waiter waiter() {
      return waiter;
    }
  }

  private Entry head;
  private Entry tail;

  /** {@return true if no entry is linked} */
  public boolean isEmpty() {
    return head == null;
  }

  /**
   * Appends a registration.
   *
   * @param w the waiter
   * @param claim the value a claimer sets in the waiter's state
   * @param packet the hand-off packet, or null
   * @return the entry, for {@link #remove}
   */
  public Entry add(Waiter w, int claim, Object packet) {
    Entry e = new Entry(w, claim, packet);
    e.prev = tail;
    if (tail == null) {
      head = e;
    } else {
      tail.next = e;
    }
    tail = e;
    e.linked = true;
    return e;
  }

  /** Unlinks {@code e} if it is still linked; otherwise does nothing. */
  public void remove(Entry e) {
    if (!e.linked) {
      return;
    }
    e.linked = false;
    if (e.prev == null) {
      head = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next == null) {
      tail = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
  }

  /**
   * Claims the first entry whose waiter still waits and belongs to another thread, unlinking it
   * and every dead entry before it. The caller wakes the claimed waiter (after unlocking).
   *
   * @param offer if not null, stored in the entry's packet before the claim (and cleared if the
   *     claim fails), so the waiter finds it once it sees the claim
   * @return the claimed entry, or null if none could be claimed
   */
  public Entry claimFirst(Object offer) {
    Thread self = Thread.currentThread();
    Entry e = head;
    while (e != null) {
      Entry next = e.next;
      Waiter w = e.waiter;
      if (w.state() != Waiter.WAITING) {
        remove(e); // withdrawn or claimed elsewhere: it will never wait again
      } else if (w.thread() != self) {
        if (offer != null) {
          e.packet = offer;
        }
        if (w.tryClaim(e.claim)) {
          remove(e);
          return e;
        }
        if (offer != null) {
          e.packet = null;
        }
        remove(e);
      }
      e = next;
    }
    return null;
  }

  /** {@return true if some entry of another thread still waits} */
  public boolean hasWaitingOther() {
    Thread self = Thread.currentThread();
    for (Entry e = head; e != null; e = e.next) {
      if (e.waiter.state() == Waiter.WAITING && e.waiter.thread() != self) {
        return true;
      }
    }
    return false;
  }

  /** Claims every waiting entry with its claim plus {@link Waiter#CLOSED_BIT}, wakes it, and empties the list. */
  public void closeAll() {
    for (Entry e = head; e != null; ) {
      Entry next = e.next;
      if (e.waiter.tryClaim(e.claim | Waiter.CLOSED_BIT)) {
        e.waiter.wake();
      }
      e.linked = false;
      e.prev = null;
      e.next = null;
      e = next;
    }
    head = null;
    tail = null;
  }
}
