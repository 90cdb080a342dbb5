import { Button, Caption1, makeStyles, tokens, Toolbar } from "@fluentui/react-components";
import type { RibbonServices } from "../taskpane/services";

const useStyles = makeStyles({
  ribbon: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    flexWrap: "wrap",
  },
});

/**
 * Excel's Home tab, Kalibrate group, as the manifest declares it (src/commands/ribbon.ts): each button runs the same
 * command the ribbon runs in Excel; "Kalibrate" shows the pane, which the workbench always shows.
 */
export function Ribbon({ ribbon, onShowPane }: { ribbon: RibbonServices; onShowPane: () => void }) {
  const styles = useStyles();
  return (
    <div className={styles.ribbon}>
      <Caption1>Home › Kalibrate</Caption1>
      <Toolbar aria-label="Ribbon: Home › Kalibrate" size="small">
        {ribbon.buttons.map(({ id, label, command }) => (
          <Button
            key={id}
            size="small"
            appearance="subtle"
            data-control-id={id}
            // The page also holds the pane's own Refresh, Clear marks…: the name says which one this is.
            aria-label={`${label} (ribbon)`}
            // The command tells the pane what it did (or why not), as in Excel; nothing is left to handle here.
            onClick={() => (command ? void ribbon.commands[command]().catch(() => undefined) : onShowPane())}
          >
            {label}
          </Button>
        ))}
      </Toolbar>
    </div>
  );
}
