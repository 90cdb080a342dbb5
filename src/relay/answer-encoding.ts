// Compression of the Data API's answers for the caller, done by the data route itself. A global compression plugin
// runs hooks on every request of every route (a few tens of µs on a 2 KB answer, most of what the relay cost over a
// bare proxy); here the route knows its answer (JSON, and usually its size) and compresses only where it pays:
// - under COMPRESS_FROM_BYTES: sent as it came (compressing a few hundred bytes saves less than it costs);
// - a sized answer up to SMALL_ANSWER_BYTES: read whole and compressed in one synchronous call (a zlib stream costs
//   several times more for 2 KB);
// - larger or unsized answers: through a zlib stream as they arrive, never held whole.
// Brotli (brotli-options.ts) where the caller takes it, gzip otherwise; browsers send both.
import { Negotiator } from "@fastify/accept-negotiator";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { BROTLI } from "./brotli-options";

export type AnswerEncoding = "br" | "gzip";

export const COMPRESS_FROM_BYTES = 1024;
/** Answers up to this size (by the Data API's Content-Length) are read whole and sent as one buffer. */
export const SMALL_ANSWER_BYTES = 64 * 1024;

/** Remembers the answer for the few Accept-Encoding values browsers send; a flood of distinct ones cannot grow it. */
class BoundedCache {
  private readonly entries = new Map<string, string>();
  has(key: string): boolean {
    return this.entries.has(key);
  }
  get(key: string): string | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: string): this {
    if (this.entries.size >= 64) this.entries.clear();
    this.entries.set(key, value);
    return this;
  }
}

const negotiator = new Negotiator<AnswerEncoding | "identity">({
  supportedValues: ["br", "gzip", "identity"],
  cache: new BoundedCache(),
});

/** The encoding to answer in for this Accept-Encoding header (q-values honoured), or undefined for none. */
export function answerEncoding(acceptEncoding: string | string[] | undefined): AnswerEncoding | undefined {
  if (typeof acceptEncoding !== "string" || acceptEncoding === "") return undefined;
  const chosen = negotiator.negotiate(acceptEncoding.toLowerCase());
  return chosen === "br" || chosen === "gzip" ? chosen : undefined;
}

export function compressWhole(body: Buffer, encoding: AnswerEncoding): Buffer {
  return encoding === "br"
    ? zlib.brotliCompressSync(body, {
        ...BROTLI,
        params: { ...BROTLI.params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : zlib.gzipSync(body);
}

/**
 * A zlib stream for `encoding`, fed by `source`: either failing or closing early (the caller went away) ends the
 * other, so neither the upstream answer nor the compressor is left open.
 */
export function compressStream(source: Readable, encoding: AnswerEncoding): Readable {
  const zip = encoding === "br" ? zlib.createBrotliCompress(BROTLI) : zlib.createGzip();
  // The outcome is the caller's to see, through the returned stream's own error or close.
  return pipeline(source, zip, () => undefined);
}
