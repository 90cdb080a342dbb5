import { Body1, Card, CardHeader, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "grid", gap: tokens.spacingVerticalS },
});

/** Shown when the page is opened in a plain browser: nothing here can reach a workbook. */
export function NoHost() {
  const styles = useStyles();
  return (
    <Card role="status" aria-label="Open this page from Excel">
      <CardHeader header={<Subtitle2 as="h2">Open this page from Excel</Subtitle2>} />
      <Body1>
        This is the Kalibrate task pane. It works inside Excel, where it can read and write your workbook. To use it:
      </Body1>
      <ol className={styles.steps}>
        <li>
          <Body1>In Excel, choose Home › Add-ins › My Add-ins › Upload My Add-in and pick manifest.xml.</Body1>
        </li>
        <li>
          <Body1>Select Home › Kalibrate to open this pane inside Excel.</Body1>
        </li>
        <li>
          <Body1>No Excel at hand? Open workbench.html from the same address to try the add-in in this browser.</Body1>
        </li>
      </ol>
    </Card>
  );
}
