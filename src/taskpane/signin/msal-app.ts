// One MSAL public client application per managed environment (@azure/msal-browser v5). Where the Office host
// supports nested app authentication it is a nestable app (Office brokers the sign-in); elsewhere a standard one
// whose popup returns through auth-redirect.html (MSAL v5's redirect bridge). Entra ID authorities run in MSAL's
// default (AAD) protocol mode; any other OpenID provider (the local one of `npm start` and the tests) in OIDC mode,
// with its host in knownAuthorities so MSAL does not ask Microsoft's instance discovery about it.
import {
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  ProtocolMode,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { SignInSettings } from "../../core/api";
import { nestedAppAuthSupported } from "../../excel/office-auth";

export interface MsalApp {
  pca: IPublicClientApplication;
  /** True when Office brokers the sign-in (NAA). */
  nested: boolean;
}

export const REDIRECT_PAGE = "auth-redirect.html";
const ENTRA_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
]);

/** MSAL's authority and protocol mode for an issuer: Entra's v2 issuer drops its "/v2.0"; others are used as they are. */
export function authorityFor(issuer: string): Pick<Configuration["auth"], "authority" | "knownAuthorities"> & {
  protocolMode: ProtocolMode;
} {
  const url = new URL(issuer);
  if (ENTRA_HOSTS.has(url.hostname)) {
    return { authority: issuer.replace(/\/v2\.0\/?$/, ""), protocolMode: ProtocolMode.AAD };
  }
  return { authority: issuer, knownAuthorities: [url.host], protocolMode: ProtocolMode.OIDC };
}

export async function createMsalApp(signIn: SignInSettings, pageUrl = location.href): Promise<MsalApp> {
  const { authority, knownAuthorities, protocolMode } = authorityFor(signIn.issuer);
  const configuration: Configuration = {
    auth: {
      clientId: signIn.clientId,
      authority,
      ...(knownAuthorities ? { knownAuthorities } : {}),
      redirectUri: new URL(REDIRECT_PAGE, pageUrl).href,
    },
    // Per browser session, never the workbook; the pane, functions and ribbon share one page and so one cache.
    cache: { cacheLocation: "sessionStorage" },
    system: { protocolMode },
  };
  const nested = nestedAppAuthSupported() && protocolMode === ProtocolMode.AAD;
  const pca = nested
    ? await createNestablePublicClientApplication(configuration)
    : await createStandardPublicClientApplication(configuration);
  return { pca, nested };
}
