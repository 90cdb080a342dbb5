import { useEffect, useState } from "react";
import { Body1, Card, CardHeader, Subtitle2 } from "@fluentui/react-components";
import { activeSheetName } from "../../excel/workbook";

/** The pane inside Excel. */
export function ExcelHome({ sheetName = activeSheetName }: { sheetName?: () => Promise<string> }) {
  const [sheet, setSheet] = useState<string>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    sheetName().then(setSheet, (e: Error) => setProblem(`Excel did not answer: ${e.message}. Reopen the pane.`));
  }, [sheetName]);
  return (
    <Card aria-label="Workbook">
      <CardHeader header={<Subtitle2 as="h2">Workbook ready</Subtitle2>} />
      <Body1 role="status">{problem ?? (sheet ? `Active sheet: ${sheet}` : "Reading the workbook…")}</Body1>
    </Card>
  );
}
