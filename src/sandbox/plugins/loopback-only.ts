// The /_sandbox admin routes change how the sandbox behaves; only a process on this machine may call them, even when
// the sandbox is bound to another interface.

import type { FastifyReply, FastifyRequest } from "fastify";
import { sendApiError } from "../api-errors";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

export async function loopbackOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!isLoopback(request.socket.remoteAddress)) {
    await sendApiError(
      reply,
      403,
      "Forbidden",
      "The sandbox admin routes answer only calls from this machine (loopback).",
    );
  }
}
