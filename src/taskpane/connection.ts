// Connecting, as the pane does it: token from the relay, then what the workbook and the device remember. Plain
// module (no React) so components receive it and tests can drive it.
import type { Runtime } from "../runtime";
import { loadSavedConnection, saveConnection, type SavedConnection } from "../excel/settings";
import { forgetSecret, recallSecret, rememberSecret } from "../excel/secret-store";
import { recalculateWaitingCells } from "./recalculate";

export interface ConnectForm extends SavedConnection {
  clientSecret: string;
  remember: boolean;
}

const SCOPE = /^api:\/\/\S+\/\.default$/;

/** What is wrong with the form, field by field, before anything is sent. */
export function formProblems(form: ConnectForm): Partial<Record<keyof ConnectForm, string>> {
  const problems: Partial<Record<keyof ConnectForm, string>> = {};
  if (!form.environment) problems.environment = "Choose the environment Kalibrate gave you access to.";
  if (!form.clientId.trim()) problems.clientId = "Enter the client id Kalibrate issued you.";
  if (!form.clientSecret) problems.clientSecret = "Enter the client secret that goes with the client id.";
  if (!SCOPE.test(form.scope.trim())) {
    problems.scope = "The scope looks like api://…/.default; copy it exactly as Kalibrate sent it.";
  }
  return problems;
}

export interface Connection {
  /** The environment, client id and scope this workbook used last, and a remembered secret if the user opted in. */
  restore(): Promise<{ saved?: SavedConnection; secret?: string }>;
  connect(form: ConnectForm): Promise<void>;
  /**
   * When the workbook opens: connect with what it remembers and the secret remembered on this device, if the user
   * opted in, so KALIBRATE cells work without a visit to the pane. Resolves whether it connected.
   */
  resume(): Promise<boolean>;
  disconnect(forget: boolean): Promise<void>;
}

export function createConnection(runtime: Runtime): Connection {
  const restore = async () => {
    const saved = await loadSavedConnection();
    const secret = saved ? await recallSecret(saved) : undefined;
    return { saved, secret };
  };
  const connect = async (form: ConnectForm) => {
    const credentials = {
      environment: form.environment,
      clientId: form.clientId.trim(),
      clientSecret: form.clientSecret,
      scope: form.scope.trim(),
    };
    await runtime.tokens.connect(credentials);
    await saveConnection(credentials);
    if (form.remember) await rememberSecret(credentials, form.clientSecret);
    else await forgetSecret(credentials);
    // Cells that said "Connect in the Kalibrate pane" need a new evaluation; cached results stay valid.
    await recalculateWaitingCells();
  };
  const resume = async () => {
    if (runtime.tokens.status.state !== "disconnected") return false;
    const { saved, secret } = await restore();
    if (!saved || !secret) return false;
    await runtime.tokens.connect({ ...saved, clientSecret: secret });
    await recalculateWaitingCells();
    return true;
  };
  return {
    restore,
    // Tracked whole, so the runtime is not idle from the moment a connection starts until the waiting cells have been
    // re-entered: their code loads on first use, after the status already says "Connected".
    connect: (form) => runtime.track(connect(form)),
    resume: () => runtime.track(resume()),
    async disconnect(forget) {
      const { environment, clientId } = runtime.tokens.status;
      runtime.tokens.disconnect();
      runtime.data.clearCache();
      if (forget && environment && clientId) await forgetSecret({ environment, clientId });
    },
  };
}
