// POST /_sandbox/price-moves (loopback only): prices move now, as they do overnight at Kalibrate. Each move is stored
// exactly as an imported own or competitor price is (a new Price document effective at the given time, default the
// sandbox's clock, and the product's current price following it), so KALIBRATE.PRICE, Price reports and Product
// reports (data.currentPrice) all see it after the add-in's next Refresh. Tests use it to make "what moved" happen.

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sendApiError } from "../api-errors";
import { isoSeconds } from "../data/documents";
import type { SeededData } from "../data/store";
import { processRecord } from "../import-records";
import { loopbackOnly } from "./loopback-only";

export interface PriceMovesOptions {
  data: SeededData;
  now: () => number;
}

/** A move per call is plenty for tests and demos; more is a 400 naming the cap. */
export const MAX_MOVES = 1_000;

const movesSchema = {
  body: {
    type: "object",
    required: ["moves"],
    additionalProperties: false,
    properties: {
      moves: {
        type: "array",
        minItems: 1,
        maxItems: MAX_MOVES,
        items: {
          type: "object",
          required: ["siteID", "productCode", "price"],
          additionalProperties: false,
          properties: {
            siteID: { type: "string", minLength: 1, maxLength: 20 },
            productCode: { type: "string", minLength: 1, maxLength: 20 },
            price: { type: "number", exclusiveMinimum: 0 },
            variant: { type: "string", enum: ["Own", "Competitor"] },
            effectiveTime: { type: "string", minLength: 10, maxLength: 40 },
          },
        },
      },
    },
  },
} as const;

interface Move {
  siteID: string;
  productCode: string;
  price: number;
  variant?: "Own" | "Competitor";
  effectiveTime?: string;
}

export async function priceMovesPlugin(app: FastifyInstance, options: PriceMovesOptions): Promise<void> {
  const { data, now } = options;
  app.post("/_sandbox/price-moves", { preHandler: loopbackOnly, schema: movesSchema }, async (request, reply) => {
    const { moves } = request.body as { moves: Move[] };
    const context = { data, now, operationId: `price-move-${randomUUID()}` };
    // Every move is checked before any is applied: a bad one changes nothing.
    const outcomes = moves.map((move) =>
      processRecord(
        move.variant === "Competitor" ? "competitorPrice" : "ownPrice",
        {
          siteID: move.siteID,
          productCode: move.productCode,
          price: move.price,
          effectiveTime: move.effectiveTime ?? isoSeconds(now()),
          source: "PriceMove",
          origin: "Sandbox",
        },
        context,
      ),
    );
    const rejected = outcomes.flatMap((outcome, index) => (outcome.ok ? [] : [{ index, reasons: outcome.reasons }]));
    if (rejected.length > 0) {
      return sendApiError(
        reply,
        400,
        "InvalidPriceMove",
        `No price moved: ${rejected.map((r) => `move ${r.index}: ${r.reasons.join("; ")}`).join(" | ")}.`,
      );
    }
    const moved = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error("unreachable");
      data.append(outcome.document);
      outcome.apply?.();
      return {
        entityId: outcome.document.id.entityId,
        product: (outcome.document.data.product as { entityId: string }).entityId,
        site: (outcome.document.data.site as { entityId: string }).entityId,
        price: outcome.document.data.price,
        effectiveTime: outcome.document.data.effectiveTime,
      };
    });
    return reply.code(201).send({ moved });
  });
}
