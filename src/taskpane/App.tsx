import { FluentProvider, makeStyles, tokens, webLightTheme, type Theme } from "@fluentui/react-components";
import type { HostInfo } from "../excel/host";
import { ADDIN_VERSION } from "../version";
import { Header } from "./components/Header";
import { NoHost } from "./components/NoHost";
import { ExcelHome } from "./components/ExcelHome";
import type { PaneServices } from "./services";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  main: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    minWidth: 0,
    // Formulas, ids, scopes and URLs have no spaces: let them break anywhere rather than run past the pane's edge.
    overflowWrap: "anywhere",
  },
  footer: {
    marginTop: "auto",
    padding: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
});

/** `theme`: the dark theme when Office asks for one (index.tsx loads it on demand); light otherwise. */
export function App({ host, services, theme }: { host: HostInfo; services: () => PaneServices; theme?: Theme }) {
  const styles = useStyles();
  return (
    <FluentProvider theme={theme ?? webLightTheme}>
      <div className={styles.root}>
        <Header />
        <main className={styles.main}>{host.kind === "excel" ? <ExcelHome services={services()} /> : <NoHost />}</main>
        <footer className={styles.footer}>Kalibrate for Excel {ADDIN_VERSION}</footer>
      </div>
    </FluentProvider>
  );
}
