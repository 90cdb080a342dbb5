// The Import panel's layout and the small helpers its parts share.
import { makeStyles, tokens } from "@fluentui/react-components";
import { splitAddress } from "../../excel/reports/a1";
import type { SourceData } from "../../imports/ports";

export const useImportStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  pair: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalS },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  scroll: { maxHeight: "220px", overflow: "auto", maxWidth: "100%" },
  table: {
    borderCollapse: "collapse",
    width: "100%",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": {
      textAlign: "left",
      verticalAlign: "top",
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: "anywhere",
    },
    "& th": { whiteSpace: "nowrap", overflowWrap: "normal" },
  },
  dropdown: { minWidth: 0, width: "100%" },
  input: { minWidth: 0, width: "100%", "& input": { minWidth: 0, width: "100%" } },
});

/** Rows listed in a table before the panel says to copy them to a sheet. */
export const SHOWN_ROWS = 200;

export const n = (count: number) => count.toLocaleString("en-GB");

/** The sheet row of a data row of the source (headers in its first row). */
export function sheetRow(source: SourceData, row: number): number {
  return splitAddress(source.address).rect.row + 2 + row;
}
