// The authorization code flow with PKCE as a browser runs it, over real https against the local identity provider:
// follows redirects by hand, keeps cookies, fills in the login form. Tests use it to get user tokens without a browser.
import { createHash, randomBytes } from "node:crypto";
import https from "node:https";

interface Answer {
  status: number;
  location?: string;
  body: string;
}

export async function signInWithCodeFlow(options: {
  issuer: string;
  ca: string | Buffer;
  clientId: string;
  redirectUri: string;
  scope: string;
  username: string;
  password: string;
}): Promise<{ tokens?: Record<string, unknown>; loginPage?: string }> {
  const cookies = new Map<string, string>();
  const call = (url: string, method = "GET", form?: URLSearchParams): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = form?.toString();
      const request = https.request(
        url,
        {
          method,
          ca: options.ca,
          headers: {
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
            ...(body
              ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }
              : {}),
          },
        },
        (response) => {
          for (const line of response.headers["set-cookie"] ?? []) {
            const [pair] = line.split(";");
            const at = pair.indexOf("=");
            cookies.set(pair.slice(0, at), pair.slice(at + 1));
          }
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: text }),
          );
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const discovery = JSON.parse((await call(`${options.issuer}/.well-known/openid-configuration`)).body) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: "code",
    scope: options.scope,
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  let answer = await call(authorize.href);
  let url = authorize.href;
  for (let hop = 0; hop < 10; hop++) {
    if (answer.location) {
      url = new URL(answer.location, url).href;
      if (url.startsWith(options.redirectUri)) break;
      answer = await call(url);
      continue;
    }
    if (answer.body.includes('name="password"')) {
      const action = /action="([^"]+)"/.exec(answer.body)![1];
      const form = new URLSearchParams({ username: options.username, password: options.password });
      const next = await call(new URL(action, url).href, "POST", form);
      if (!next.location) return { loginPage: next.body };
      answer = next;
      continue;
    }
    throw new Error(`unexpected answer ${answer.status} at ${url}: ${answer.body.slice(0, 300)}`);
  }
  const code = new URL(url).searchParams.get("code");
  if (!code) throw new Error(`no code in ${url}`);
  const tokenAnswer = await call(
    discovery.token_endpoint,
    "POST",
    new URLSearchParams({
      grant_type: "authorization_code",
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      code,
      code_verifier: verifier,
    }),
  );
  if (tokenAnswer.status !== 200) throw new Error(`token endpoint ${tokenAnswer.status}: ${tokenAnswer.body}`);
  return { tokens: JSON.parse(tokenAnswer.body) as Record<string, unknown> };
}
