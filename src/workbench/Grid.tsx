import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { Button, Input, makeStyles, mergeClasses, Tab, TabList, tokens, Tooltip } from "@fluentui/react-components";
import type { FakeWorkbook } from "./fake-excel/workbook-handle";
import { columnName, displayValue } from "./format";

const VISIBLE_ROWS = 40;
const VISIBLE_COLUMNS = 14;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", minWidth: 0, height: "100%" },
  bar: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  nameBox: { width: "110px" },
  formula: { flexGrow: 1 },
  scroller: { overflow: "auto", flexGrow: 1 },
  table: { borderCollapse: "collapse", fontSize: tokens.fontSizeBase200, tableLayout: "fixed" },
  header: {
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightRegular,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: "0 4px",
    position: "sticky",
    top: 0,
  },
  rowHeader: { width: "48px", textAlign: "right" },
  cell: {
    width: "110px",
    maxWidth: "110px",
    height: "22px",
    padding: "0 4px",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
    cursor: "cell",
    backgroundColor: tokens.colorNeutralBackground1,
  },
  number: { textAlign: "right" },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  busy: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: "-2px" },
  paging: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, padding: tokens.spacingHorizontalS },
});

function parseAddress(address: string): { sheet?: string; row: number; column: number } | undefined {
  const match = /^(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!match) return undefined;
  const letters = match[2].toUpperCase();
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { sheet: match[1], row: Number(match[3]) - 1, column: column - 1 };
}

/** A simulated worksheet grid over the fake Excel host: what Excel would show, errors and spills included. */
export function Grid({ workbook }: { workbook: FakeWorkbook }) {
  const styles = useStyles();
  const [version, setVersion] = useState(0);
  const [sheet, setSheet] = useState(workbook.sheetNames()[0] ?? "Sheet1");
  const [selected, setSelected] = useState({ row: 0, column: 0 });
  const [top, setTop] = useState(0);
  const [draft, setDraft] = useState("");

  useEffect(() => {
    let frame = 0;
    return workbook.onChange(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setVersion((v) => v + 1));
    });
  }, [workbook]);

  const address = `${columnName(selected.column)}${selected.row + 1}`;
  const qualified = `${sheet.includes(" ") ? `'${sheet}'` : sheet}!${address}`;
  const selectedState = useMemo(() => workbook.getCellState(qualified), [workbook, qualified, version]);
  useEffect(() => setDraft(selectedState.formula || displayValue(selectedState.value)), [selectedState]);

  const select = useCallback(
    (row: number, column: number) => {
      setSelected({ row, column });
      workbook.select(`${sheet.includes(" ") ? `'${sheet}'` : sheet}!${columnName(column)}${row + 1}`);
    },
    [workbook, sheet],
  );

  const commit = () => {
    const text = draft.trim();
    const numeric = text !== "" && !Number.isNaN(Number(text)) ? Number(text) : undefined;
    workbook.setCell(qualified, numeric ?? (/^(true|false)$/i.test(text) ? text.toUpperCase() === "TRUE" : draft));
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter") return;
    commit();
    select(selected.row + 1, selected.column);
  };
  const goTo = (text: string) => {
    const target = parseAddress(text);
    if (!target) return;
    if (target.sheet && workbook.sheetNames().includes(target.sheet)) setSheet(target.sheet);
    setTop(Math.max(0, target.row - 2));
    setSelected({ row: target.row, column: target.column });
  };

  const rows = Array.from({ length: VISIBLE_ROWS }, (_, i) => top + i);
  const columns = Array.from({ length: VISIBLE_COLUMNS }, (_, i) => i);
  const prefix = sheet.includes(" ") ? `'${sheet}'!` : `${sheet}!`;

  return (
    <div className={styles.root} data-version={version}>
      <div className={styles.bar}>
        <Input
          className={styles.nameBox}
          aria-label="Name box"
          defaultValue={address}
          key={address}
          onKeyDown={(e) => e.key === "Enter" && goTo((e.target as HTMLInputElement).value)}
        />
        <Input
          className={styles.formula}
          aria-label="Formula bar"
          value={draft}
          onChange={(_, data) => setDraft(data.value)}
          onKeyDown={onKey}
        />
        <Button onClick={commit}>Enter</Button>
      </div>
      <div className={styles.scroller}>
        <table className={styles.table} aria-label={`Worksheet ${sheet}`}>
          <thead>
            <tr>
              <th className={mergeClasses(styles.header, styles.rowHeader)} />
              {columns.map((c) => (
                <th key={c} className={styles.header} scope="col">
                  {columnName(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r}>
                <th className={mergeClasses(styles.header, styles.rowHeader)} scope="row">
                  {r + 1}
                </th>
                {columns.map((c) => {
                  const cellAddress = `${columnName(c)}${r + 1}`;
                  const state = workbook.getCellState(prefix + cellAddress);
                  const text = displayValue(state.value, state.numberFormat, state.error);
                  const className = mergeClasses(
                    styles.cell,
                    typeof state.value === "number" && !state.error && styles.number,
                    state.error && (state.error.code === "#BUSY!" ? styles.busy : styles.error),
                    r === selected.row && c === selected.column && styles.selected,
                  );
                  const cell = (
                    <td
                      key={c}
                      className={className}
                      data-address={cellAddress}
                      title={state.error?.message ?? text}
                      onClick={() => select(r, c)}
                    >
                      {text}
                    </td>
                  );
                  return state.error?.message ? (
                    <Tooltip key={c} content={state.error.message} relationship="description">
                      {cell}
                    </Tooltip>
                  ) : (
                    cell
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={styles.paging}>
        <Button size="small" disabled={top === 0} onClick={() => setTop(Math.max(0, top - VISIBLE_ROWS))}>
          Rows up
        </Button>
        <Button size="small" onClick={() => setTop(top + VISIBLE_ROWS)}>
          Rows down
        </Button>
        <TabList selectedValue={sheet} onTabSelect={(_, data) => setSheet(String(data.value))} size="small">
          {workbook.sheetNames().map((name) => (
            <Tab key={name} value={name}>
              {name}
            </Tab>
          ))}
        </TabList>
      </div>
    </div>
  );
}
