// The shared helpers in src/core/util: one LRU, one single flight, one listener set for the add-in, relay and sandbox.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Listeners, LruCache, SingleFlight } from "../../src/core/util";

describe("LruCache bounded by count alone", () => {
  it("drops the least recently used entry, a read counting as a use", () => {
    const lru = new LruCache<string, number>({ maxEntries: 2 });
    lru.set("a", 1);
    lru.set("b", 2);
    assert.equal(lru.get("a"), 1);
    lru.set("c", 3);
    assert.deepEqual(
      [...lru.entries()],
      [
        ["a", 1],
        ["c", 3],
      ],
    );
    assert.equal(lru.get("b"), undefined);
  });
});

describe("SingleFlight", () => {
  it("shares the work in progress per key and starts afresh once it settled", async () => {
    const flights = new SingleFlight<string, number>();
    let started = 0;
    const work = () => new Promise<number>((resolve) => setTimeout(() => resolve(++started), 1));
    const [a, b, other] = await Promise.all([flights.run("k", work), flights.run("k", work), flights.run("x", work)]);
    assert.equal(a, b);
    assert.notEqual(a, other);
    assert.equal(started, 2);
    assert.equal(flights.has("k"), false);
    assert.equal(await flights.run("k", work), 3);
  });

  it("a failed flight is not kept, and clear() lets the next caller start new work", async () => {
    const flights = new SingleFlight<string, number>();
    await assert.rejects(
      flights.run("k", () => Promise.reject(new Error("down"))),
      /down/,
    );
    assert.equal(await flights.run("k", async () => 1), 1);
    let release!: (n: number) => void;
    const old = flights.run("k", () => new Promise<number>((resolve) => (release = resolve)));
    flights.clear();
    const fresh = flights.run("k", async () => 2);
    release(1);
    assert.deepEqual(await Promise.all([old, fresh]), [1, 2]);
  });
});

describe("Listeners", () => {
  it("calls the listeners present when emit started; add returns the remover", () => {
    const listeners = new Listeners<[number]>();
    const heard: string[] = [];
    const stopA = listeners.add((n) => {
      heard.push(`a${n}`);
      listeners.add((m) => heard.push(`late${m}`));
    });
    listeners.add((n) => heard.push(`b${n}`));
    listeners.emit(1);
    stopA();
    listeners.emit(2);
    assert.deepEqual(heard, ["a1", "b1", "b2", "late2"]);
  });

  it("a throwing listener does not stop the others; its error comes out after all were called", () => {
    const listeners = new Listeners();
    const heard: string[] = [];
    listeners.add(() => {
      throw new Error("first");
    });
    listeners.add(() => heard.push("second"));
    assert.throws(() => listeners.emit(), /first/);
    assert.deepEqual(heard, ["second"]);
  });
});
