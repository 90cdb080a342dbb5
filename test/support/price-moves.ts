// Test setup: prices move now through the sandbox's loopback admin route (src/sandbox/plugins/price-moves.ts), which
// is how the tests of "what moved" make something move. The route's own tests post their own bodies, bad ones too.
import assert from "node:assert/strict";

export interface PriceMove {
  siteID: string;
  productCode: string;
  price: number;
  effectiveTime?: string;
}

/** Posts the moves to the sandbox at `sandboxUrl`; fails the test with the sandbox's answer unless all were taken. */
export async function movePrices(sandboxUrl: string, moves: PriceMove[]): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/price-moves`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ moves }),
  });
  assert.equal(response.status, 201, await response.text());
}
