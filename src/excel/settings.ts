// What the workbook remembers about its Kalibrate connection: environment, client id and scope (document settings,
// saved with the file). Never the secret or a token: anyone with the file can read these.

const CONNECTION_KEY = "kalibrate.connection";

export interface SavedConnection {
  environment: string;
  clientId: string;
  scope: string;
}

function onlyPublicFields(value: unknown): SavedConnection | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { environment, clientId, scope } = value as Record<string, unknown>;
  if (typeof environment !== "string" || typeof clientId !== "string" || typeof scope !== "string") return undefined;
  return { environment, clientId, scope };
}

export async function loadSavedConnection(): Promise<SavedConnection | undefined> {
  return Excel.run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(CONNECTION_KEY);
    setting.load("value");
    await context.sync();
    return setting.isNullObject ? undefined : onlyPublicFields(setting.value);
  });
}

export async function saveConnection(connection: SavedConnection): Promise<void> {
  const value = onlyPublicFields(connection);
  if (!value) throw new Error("A connection needs an environment, a client id and a scope.");
  await Excel.run(async (context) => {
    context.workbook.settings.add(CONNECTION_KEY, value);
    await context.sync();
  });
}

const FORMULA_ROW_LIMIT_KEY = "kalibrate.formulaRowLimit";

/** The most rows a KALIBRATE.QUERY cell may spill in this workbook, if the user set one. */
export async function loadFormulaRowLimit(): Promise<number | undefined> {
  return Excel.run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(FORMULA_ROW_LIMIT_KEY);
    setting.load("value");
    await context.sync();
    const value = setting.isNullObject ? undefined : setting.value;
    return Number.isInteger(value) && value > 0 ? value : undefined;
  });
}

export async function saveFormulaRowLimit(rows: number): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(FORMULA_ROW_LIMIT_KEY, rows);
    await context.sync();
  });
}

const SIGN_IN_KEY = "kalibrate.signIn";

/**
 * The managed environment this workbook last signed in to (organisation sign-in, issue 12): only its id, never a
 * token or an account; the tokens stay in MSAL's browser cache.
 */
export async function loadSavedSignIn(): Promise<string | undefined> {
  return Excel.run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(SIGN_IN_KEY);
    setting.load("value");
    await context.sync();
    const value: unknown = setting.isNullObject ? undefined : setting.value;
    const environment = (value as { environment?: unknown } | undefined)?.environment;
    return typeof environment === "string" && environment ? environment : undefined;
  });
}

export async function saveSignIn(environment: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(SIGN_IN_KEY, { environment });
    await context.sync();
  });
}
