/**
 * The openings of daily life of one complex on one day, as columns of numbers (a complex has a few
 * hundred to a few thousand a day): who, which door, when, with a phone or a physical key. Kept
 * in one reusable buffer per runner so that a year of days allocates almost nothing.
 */
import { MINUTES_PER_DAY } from '../scenario/sim-time.js';

/** Who opens: a household member (`who` = household, `member`), or a care route (`who` = -1, `member` = route). */
export const CARE_ROUTE = -1;

export class DayOpenings {
  count = 0;
  minute = new Int32Array(1024);
  who = new Int32Array(1024);
  member = new Int32Array(1024);
  door = new Int32Array(1024);
  /** 1: with the member's phone key. */
  phone = new Uint8Array(1024);
  private order = new Int32Array(1024);
  /** The counting sort's buckets: where each minute's indices start in `order` (grown for a longer span). */
  private starts = new Int32Array(MINUTES_PER_DAY + 2);

  clear(): void {
    this.count = 0;
  }

  add(minute: number, who: number, member: number, door: number, phone: boolean): void {
    if (this.count === this.minute.length) this.grow();
    const i = this.count++;
    this.minute[i] = minute;
    this.who[i] = who;
    this.member[i] = member;
    this.door[i] = door;
    this.phone[i] = phone ? 1 : 0;
  }

  /**
   * Indices in time order; equal minutes keep the order they were added in. A counting sort by
   * minute (a day's openings span some 1,440 minutes): stable, and it allocates nothing once its
   * buffers have grown, where a typed array's sort with a comparator copies the array.
   */
  sorted(): Int32Array {
    const { count, minute } = this;
    const order = this.order.subarray(0, count);
    if (count === 0) return order;
    let first = minute[0]!;
    let last = first;
    for (let i = 1; i < count; i++) {
      const m = minute[i]!;
      if (m < first) first = m;
      else if (m > last) last = m;
    }
    const span = last - first + 1;
    if (this.starts.length < span + 1) this.starts = new Int32Array(span + 1);
    const starts = this.starts;
    starts.fill(0, 0, span + 1);
    for (let i = 0; i < count; i++) starts[minute[i]! - first + 1]!++;
    for (let m = 1; m <= span; m++) starts[m]! += starts[m - 1]!;
    for (let i = 0; i < count; i++) order[starts[minute[i]! - first]!++] = i;
    return order;
  }

  private grow(): void {
    const size = this.minute.length * 2;
    const grown = <T extends Int32Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.minute = grown(this.minute, (n) => new Int32Array(n));
    this.who = grown(this.who, (n) => new Int32Array(n));
    this.member = grown(this.member, (n) => new Int32Array(n));
    this.door = grown(this.door, (n) => new Int32Array(n));
    this.phone = grown(this.phone, (n) => new Uint8Array(n));
    this.order = new Int32Array(size);
  }
}
