// The connect form's state: the relay's environments, the fields (from what the workbook remembers, else the
// prefill), their problems once Connect was pressed, and connecting. Components render it; this holds no markup.
import { useEffect, useState } from "react";
import type { Environment } from "../../core/api";
import type { TokenStatus } from "../../core/auth";
import { formProblems, type Connection, type ConnectForm } from "../connection";

export interface ConnectFormState {
  envs?: Environment[];
  envProblem?: string;
  /** Why the workbook's remembered connection could not be read (the form then starts empty). */
  restoreProblem?: string;
  form: ConnectForm;
  set: (patch: Partial<ConnectForm>) => void;
  problems: Partial<Record<keyof ConnectForm, string>>;
  busy: boolean;
  failure?: string;
  /** Checks the fields, then connects; a failure's sentence lands in `failure`. */
  connect: () => Promise<void>;
}

export function useConnectForm(
  environments: () => Promise<Environment[]>,
  connection: Connection,
  status: TokenStatus,
  prefill?: Partial<ConnectForm>,
): ConnectFormState {
  const [envs, setEnvs] = useState<Environment[]>();
  const [envProblem, setEnvProblem] = useState<string>();
  const [restoreProblem, setRestoreProblem] = useState<string>();
  const [form, setForm] = useState<ConnectForm>({
    environment: "",
    clientId: "",
    clientSecret: "",
    scope: "",
    remember: false,
    ...prefill,
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    environments().then(
      (list) => {
        setEnvs(list);
        setForm((f) => (f.environment || list.length !== 1 ? f : { ...f, environment: list[0].id }));
      },
      (e: Error) => setEnvProblem(e.message),
    );
    connection.restore().then(
      ({ saved, secret }) => {
        if (!saved) return;
        setForm((f) => ({ ...f, ...saved, clientSecret: secret ?? f.clientSecret, remember: Boolean(secret) }));
      },
      (e: Error) =>
        setRestoreProblem(
          `The connection this workbook remembers could not be read (${e.message}). Enter the details to connect.`,
        ),
    );
  }, [environments, connection]);

  // A sign-in resumed when the pane started (or one that must be redone) names its environment: show that one.
  const statusEnvironment = status.state === "connected" || status.signInRequired ? status.environment : undefined;
  useEffect(() => {
    if (statusEnvironment)
      setForm((f) => (f.environment === statusEnvironment ? f : { ...f, environment: statusEnvironment }));
  }, [statusEnvironment]);

  const connect = async () => {
    setTouched(true);
    if (Object.keys(formProblems(form)).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await connection.connect(form);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return {
    envs,
    envProblem,
    restoreProblem,
    form,
    set: (patch) => setForm((f) => ({ ...f, ...patch })),
    problems: touched ? formProblems(form) : {},
    busy,
    failure,
    connect,
  };
}
