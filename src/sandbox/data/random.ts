// Deterministic randomness: the same seed always gives the same data set, GUIDs included.

/** Four 32-bit words from a string (cyrb128), used to seed the generator and the GUID space. */
export function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** murmur3's finaliser: a bijection on 32-bit integers that mixes every input bit into every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** sfc32: small, fast, good enough for test data, and reproducible across platforms. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hashSeed(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Events in one interval for a Poisson process with the given mean (Knuth; means here are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(word: number): string {
  return HEX[word >>> 24] + HEX[(word >>> 16) & 255] + HEX[(word >>> 8) & 255] + HEX[word & 255];
}

/**
 * GUIDs derived from (seed, kind, number) instead of stored: the millionth price's id costs nothing until asked for.
 * For one kind, the first word is a bijection of the number, so ids within a kind never collide.
 */
export class GuidSpace {
  private readonly words: [number, number, number, number];

  constructor(seed: string) {
    this.words = hashSeed(`${seed}/guid`);
  }

  word(kind: number, n: number, i: 0 | 1 | 2 | 3): number {
    return mix32(this.words[i] ^ Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(kind + 1 + i * 64, 0x27d4eb2f));
  }

  /** A version-4-shaped GUID, lower case like Cosmos DB ids. */
  guid(kind: number, n: number): string {
    const w0 = this.word(kind, n, 0);
    const w1 = (this.word(kind, n, 1) & 0xffff0fff) | 0x00004000;
    const w2 = (this.word(kind, n, 2) & 0x3fffffff) | 0x80000000;
    const h1 = hex32(w1 >>> 0);
    const h2 = hex32(w2 >>> 0);
    return `${hex32(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex32(this.word(kind, n, 3))}`;
  }
}
