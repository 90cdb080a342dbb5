// The sandbox and the relay in a process of their own, for benches that measure the client's time and memory: the
// bench's process then holds only what an add-in would. Prints one JSON line (relay URL, clients, the own sites and
// global products a PRICE grid names), then serves until stdin closes or it is killed.
// Used by: functions.bench.ts. Not a bench itself (run.ts runs *.bench.ts only).
import { startStack } from "../support/stack";

const size = Number(process.argv[2] ?? 40_000);
const stack = await startStack({ sandbox: { size } });
const { data } = stack.sandbox;
process.stdout.write(
  `${JSON.stringify({
    relayUrl: stack.relayUrl,
    reader: stack.reader,
    ownSites: data.ownSites.map((s) => s.id.entityId),
    globalProducts: data.globalProducts.map((p) => String(p.data.name)),
    ownProducts: data.ownProducts.map((p) => ({
      id: p.id.entityId,
      site: (p.data.site as { entityId: string }).entityId,
      product: (p.data.product as { entityId: string }).entityId,
    })),
    globalIds: data.globalProducts.map((p) => p.id.entityId),
    dataEnd: data.dataEnd,
  })}\n`,
);
const stop = async () => {
  await stack.close();
  process.exit(0);
};
process.stdin.on("end", () => void stop());
process.stdin.resume();
process.on("SIGTERM", () => void stop());
