// Test helper: a real redis-server (Debian's package, installed by .ci/run) on a free loopback port, with nothing
// persisted. stop() and start() again on the same port let a test take Redis away mid-run and bring it back.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export interface TestRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const started = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      child = started;
      await new Promise<void>((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
        started.on("error", (error) => {
          clearTimeout(timer);
          reject(new Error(`Cannot run redis-server (${error.message}); install Debian's redis-server package.`));
        });
        started.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.on("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}:\n${output}`));
        });
      });
      started.stdout?.resume();
      started.stderr?.resume();
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGKILL");
      });
    },
  };
  await redis.start();
  return redis;
}
