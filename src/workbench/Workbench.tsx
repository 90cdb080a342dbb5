import type { ReactNode } from "react";
import { Caption1, FluentProvider, makeStyles, Subtitle2, tokens, webLightTheme } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", height: "100vh" },
  banner: {
    display: "flex",
    alignItems: "baseline",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  body: { display: "flex", flexGrow: 1, minHeight: 0 },
  grid: { flexGrow: 1, minWidth: 0, borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}` },
  pane: { flexShrink: 0, overflowY: "auto" },
});

/**
 * The workbench page: the ribbon's Kalibrate group on top, a simulated workbook on the left, the real Kalibrate pane
 * on the right, as wide as Excel opens it
 * (`?paneWidth=320` shows it at another width).
 */
export function Workbench({
  ribbon,
  grid,
  pane,
  paneWidth = 380,
}: {
  ribbon?: ReactNode;
  grid: ReactNode;
  pane: ReactNode;
  paneWidth?: number;
}) {
  const styles = useStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.root}>
        <div className={styles.banner}>
          <Subtitle2 as="h1">Kalibrate workbench</Subtitle2>
          <Caption1>A simulated workbook for trying the add-in without Excel. Excel is not running here.</Caption1>
        </div>
        {ribbon}
        <div className={styles.body}>
          <section className={styles.grid} aria-label="Workbook">
            {grid}
          </section>
          <aside className={styles.pane} style={{ width: paneWidth }} aria-label="Kalibrate pane">
            {pane}
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}
