// The ImportApi port over the runtime's one token provider and data client (POSTs and status checks go through the
// relay's forwarding path, like every other Data API call).
import type { DataApiClient } from "../core/api";
import type { TokenProvider } from "../core/auth";
import type { ImportApi, OperationResult } from "./ports";
import { rightsFromToken } from "./rights";

export function dataClientImportApi(data: DataApiClient, tokens: TokenProvider): ImportApi {
  return {
    environment: () => tokens.status.environment,
    clientId: () => tokens.status.clientId,
    async rights() {
      try {
        return rightsFromToken(await tokens.getToken());
      } catch {
        return "unknown";
      }
    },
    send: (kind, records, idempotencyKey) => data.importRecords(kind, records, { idempotencyKey }),
    async operation(operationId, signal) {
      const body = (await data.importOperation(operationId, { signal })) as Partial<OperationResult> | undefined;
      return {
        operationId,
        status: body?.status ?? "Queued",
        acceptedCount: Number(body?.acceptedCount ?? 0),
        rejectedCount: Number(body?.rejectedCount ?? 0),
        rejected: Array.isArray(body?.rejected) ? body.rejected : [],
      };
    },
    query: (collection, query) => data.query(collection, query),
  };
}
