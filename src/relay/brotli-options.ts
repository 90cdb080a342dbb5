// The relay's brotli settings, in a file of their own so the relay bench's compressing proxy (test/bench/relay-roles.ts,
// Node built-ins only) compresses exactly as the relay does. Quality 4: what Cloudflare measured as the best trade for
// dynamic content, and @fastify/compress's default. A 256 KB window (lgwin 18) rather than the default 4 MB: the Data
// API's JSON repeats itself within a document or two, and on a 2.9 MB price answer the small window compressed 11%
// smaller in a third of the time (74,556 against 83,916 bytes, 14 against 42-53 ms), with the encoder's tables a
// sixteenth of the size for every answer streaming at once.
import zlib from "node:zlib";

export const BROTLI: zlib.BrotliOptions = {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 },
};
