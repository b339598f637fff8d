/**
 * The bounded queue between a TCP relay's reader and its faulty writer. The
 * reader runs ahead so --delay adds latency rather than cutting throughput,
 * and --coalesce can gather what keeps arriving; the byte cap makes a slow
 * writer push back on the reader, and so on the sender.
 */

/** One read, with the time it arrived (performance.now() ms). */
export interface Chunk {
  data: Uint8Array;
  at: number;
}

/** What take() gives besides a chunk: the source ended, the deadline passed, the link closed. */
export type QueueSignal = "end" | "timeout" | "closed";

export class ChunkQueue {
  #items: Chunk[] = [];
  #bytes = 0;
  #ended = false;
  #closed = false;
  #waiters = new Set<() => void>();

  /** `cap`: bytes held before push() waits (a push may pass it by one chunk). */
  constructor(readonly cap: number) {}

  /** Adds a chunk the queue now owns; waits while the queue is full. False once closed. */
  async push(data: Uint8Array): Promise<boolean> {
    while (!this.#closed && this.#bytes >= this.cap) await this.#wait();
    if (this.#closed) return false;
    this.#items.push({ data, at: performance.now() });
    this.#bytes += data.length;
    this.#notify();
    return true;
  }

  /** The source has ended: take() returns "end" once the queue is empty. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Stops everything: pending and later calls return "closed" / false. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /** The oldest chunk; or "timeout" when `deadline` (performance.now() ms) passes first. */
  async take(deadline?: number): Promise<Chunk | QueueSignal> {
    while (true) {
      if (this.#closed) return "closed";
      const chunk = this.#items.shift();
      if (chunk) {
        this.#bytes -= chunk.data.length;
        this.#notify();
        return chunk;
      }
      if (this.#ended) return "end";
      if (deadline === undefined) {
        await this.#wait();
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return "timeout";
      await this.#wait(left);
    }
  }

  #wait(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(wake, Math.ceil(ms));
      this.#waiters.add(wake);
    });
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
