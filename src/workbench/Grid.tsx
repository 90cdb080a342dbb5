import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from "react";
import {
  Button,
  Dropdown,
  Input,
  makeStyles,
  mergeClasses,
  Option,
  Tab,
  TabList,
  tokens,
  Tooltip,
  useFocusableGroup,
} from "@fluentui/react-components";
import {
  boundingRect,
  contains,
  formatRect,
  insideGrid,
  MAX_COLUMNS,
  MAX_ROWS,
  parseAddress,
  cellName,
  columnLetters,
  qualify,
  quoteSheetName,
  type Rect,
} from "./fake-excel/address";
import type { FakeWorkbook } from "./fake-excel/workbook-handle";
import { displayValue } from "./format";
import {
  ColumnLayout,
  HEADER_HEIGHT,
  MIN_COLUMN_WIDTH,
  ROW_HEADER_WIDTH,
  ROW_HEIGHT,
  scrollToShow,
  totalHeight,
  visibleWindow,
} from "./grid-geometry";
import { edge, step, type Cell } from "./grid-navigation";
import { EntityCard, EntityIcon } from "./EntityCard";
import type { RichValue } from "./fake-excel/data-types";

const NUMBER_FORMATS = ["General", "0", "0.00", "#,##0.00", "0%", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "dd/mm/yyyy", "@"];

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", minWidth: 0, height: "100%" },
  bar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  nameBox: { width: "120px" },
  format: { minWidth: "150px" },
  formula: { flexGrow: 1, minWidth: "200px" },
  scroller: {
    position: "relative",
    overflow: "auto",
    flexGrow: 1,
    minHeight: 0,
    outlineStyle: "none",
    backgroundColor: tokens.colorNeutralBackground1,
    ":focus-visible": { boxShadow: `inset 0 0 0 1px ${tokens.colorBrandStroke1}` },
  },
  window: { position: "sticky", top: 0, left: 0, overflow: "hidden" },
  cell: {
    position: "absolute",
    boxSizing: "border-box",
    height: `${ROW_HEIGHT}px`,
    lineHeight: `${ROW_HEIGHT - 1}px`,
    padding: "0 4px",
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "nowrap",
    overflow: "hidden",
    // Text is cut at the column's edge (Excel runs it into empty neighbours; the workbench does not).
    textOverflow: "clip",
    cursor: "cell",
    userSelect: "none",
  },
  header: {
    position: "absolute",
    boxSizing: "border-box",
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
    textAlign: "center",
    lineHeight: `${ROW_HEIGHT - 1}px`,
    userSelect: "none",
    overflow: "hidden",
  },
  headerActive: { backgroundColor: tokens.colorNeutralBackground3Selected, color: tokens.colorNeutralForeground1 },
  corner: { zIndex: 3 },
  resizer: {
    position: "absolute",
    top: 0,
    right: "-3px",
    width: "7px",
    height: "100%",
    cursor: "col-resize",
    zIndex: 4,
  },
  number: { textAlign: "right" },
  // Excel's note indicator: a small red triangle in the cell's top right corner.
  noteMark: {
    position: "absolute",
    top: 0,
    right: 0,
    width: 0,
    height: 0,
    borderTop: `6px solid ${tokens.colorPaletteRedBorder2}`,
    borderLeft: "6px solid transparent",
  },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, textAlign: "center" },
  busy: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  tableHeader: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
  },
  tableBand: { backgroundColor: tokens.colorBrandBackground2 },
  inRange: { backgroundColor: tokens.colorNeutralBackground1Selected },
  active: {
    outline: `2px solid ${tokens.colorBrandStroke1}`,
    outlineOffset: "-2px",
    zIndex: 1,
  },
  editor: {
    position: "absolute",
    boxSizing: "border-box",
    zIndex: 5,
    height: `${ROW_HEIGHT}px`,
    padding: "0 3px",
    border: `2px solid ${tokens.colorBrandStroke1}`,
    fontSize: tokens.fontSizeBase200,
    fontFamily: tokens.fontFamilyBase,
    outlineStyle: "none",
    backgroundColor: tokens.colorNeutralBackground1,
  },
  footer: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, padding: tokens.spacingHorizontalS },
});

/** Typing into a cell: Enter mode replaces it (arrows commit and move), Edit mode (F2, double-click) edits it. */
interface Editing {
  text: string;
  mode: "enter" | "edit";
  /** Where the typing happens: in the cell, or in the formula bar. */
  place: "cell" | "bar";
}

/** Active cell and the selected range: the anchor is where a Shift+move started. */
interface Selection {
  sheet: string;
  anchor: Cell;
  focus: Cell;
}

const rectOf = (a: Cell, b: Cell): Rect =>
  boundingRect({ row: a.row, col: a.col, rows: 1, cols: 1 }, { row: b.row, col: b.col, rows: 1, cols: 1 });

/** Follows the workbook's active sheet and selection, whoever changed them (a click here, or the add-in). */
function readSelection(workbook: FakeWorkbook, previous?: Selection): Selection {
  const sheet = workbook.activeSheet();
  const rect = parseAddress(workbook.selection())?.rect ?? { row: 0, col: 0, rows: 1, cols: 1 };
  if (previous && previous.sheet === sheet) {
    const current = rectOf(previous.anchor, previous.focus);
    if (formatRect(current) === formatRect(rect)) return previous;
  }
  const anchor = { row: rect.row, col: rect.col };
  return { sheet, anchor, focus: { row: rect.row + rect.rows - 1, col: rect.col + rect.cols - 1 } };
}

/**
 * A simulated worksheet over the fake Excel host that behaves like Excel's: click a cell and type, the keys move and
 * edit as Excel's do, and every row and column of a sheet can be scrolled to (only the cells in view are drawn).
 */
export function Grid({ workbook }: { workbook: FakeWorkbook }) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  // Tab moves between cells here, as in Excel: Fluent's focus manager must leave it to the grid.
  const ownKeys = useFocusableGroup({ tabBehavior: "unlimited", ignoreDefaultKeydown: { Tab: true } });
  const [version, setVersion] = useState(0);
  const [selection, setSelection] = useState(() => readSelection(workbook));
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const [editing, setEditing] = useState<Editing | null>(null);
  const editingRef = useRef(editing);
  editingRef.current = editing;
  const [nameDraft, setNameDraft] = useState<string | null>(null);
  const [nameInvalid, setNameInvalid] = useState(false);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const [size, setSize] = useState({ width: 800, height: 600 });
  const sheet = selection.sheet;
  // The model's widths are the one truth: an add-in's columnWidth or autofit shows here, and a drag sets them.
  const layout = useMemo(() => new ColumnLayout(workbook.columnWidthsPx(sheet)), [workbook, sheet, version]);
  const prefix = `${quoteSheetName(sheet)}!`;
  const active = selection.anchor;
  const range = rectOf(selection.anchor, selection.focus);
  const activeAddress = cellName(active.row, active.col);
  const rangeAddress = formatRect(range);

  useEffect(() => {
    let frame = 0;
    return workbook.onChange(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        setSelection((previous) => readSelection(workbook, previous));
        setVersion((v) => v + 1);
      });
    });
  }, [workbook]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The selection is always in view: whenever the active cell or sheet changes, scroll as little as needed.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const current = { top: element.scrollTop, left: element.scrollLeft };
    const measured = { width: element.clientWidth, height: element.clientHeight };
    const target = scrollToShow(layout, selection.focus, current, measured);
    if (target.top !== current.top || target.left !== current.left) {
      element.scrollTo(target.left, target.top);
      setScroll({ top: element.scrollTop, left: element.scrollLeft });
    }
  }, [sheet, selection.focus.row, selection.focus.col]);

  const [card, setCard] = useState<RichValue>();
  const cellState = useCallback(
    (row: number, col: number) => workbook.getCellState(`${prefix}${cellName(row, col)}`),
    [workbook, prefix],
  );
  const activeState = useMemo(() => cellState(active.row, active.col), [cellState, active.row, active.col, version]);
  const storedText = activeState.formula || displayValue(activeState.value);

  const focusGrid = () => scroller.current?.focus({ preventScroll: true });

  const selectCells = (anchor: Cell, focus: Cell = anchor) => {
    const next = { sheet, anchor, focus };
    setSelection(next);
    selectionRef.current = next;
    workbook.select(qualify(sheet, rectOf(anchor, focus)));
  };

  /** Writes what was typed into the active cell (as Excel reads typing), then moves. Safe to call twice. */
  const commit = (move?: { dRow: number; dCol: number }, refocus = true) => {
    const edit = editingRef.current;
    const { anchor } = selectionRef.current;
    if (edit) {
      editingRef.current = null;
      setEditing(null);
      workbook.setCell(`${prefix}${cellName(anchor.row, anchor.col)}`, edit.text);
    }
    if (move) {
      const next = step(anchor, move.dRow, move.dCol);
      selectCells(next);
    }
    if (refocus) focusGrid();
  };
  const cancel = () => {
    editingRef.current = null;
    setEditing(null);
    focusGrid();
  };
  const startEditing = (text: string, mode: Editing["mode"]) => {
    const next = { text, mode, place: "cell" as const };
    editingRef.current = next;
    setEditing(next);
  };

  const isEmpty = (c: Cell) => {
    const state = cellState(c.row, c.col);
    return !state.error && state.formula === "" && (state.value === "" || state.value === null);
  };
  const usedRect = () => {
    const used = workbook.usedRange(sheet);
    return used ? (parseAddress(used)?.rect ?? null) : null;
  };
  const pageRows = Math.max(1, Math.floor((size.height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const { anchor, focus } = selectionRef.current;
    const ctrl = event.ctrlKey || event.metaKey;
    const arrows: Record<string, [number, number]> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      PageDown: [pageRows, 0],
      PageUp: [-pageRows, 0],
    };
    const arrow = arrows[event.key];
    if (arrow) {
      event.preventDefault();
      const from = event.shiftKey ? focus : anchor;
      const to =
        ctrl && !event.key.startsWith("Page")
          ? edge(from, arrow[0], arrow[1], isEmpty, usedRect())
          : step(from, arrow[0], arrow[1]);
      if (event.shiftKey) selectCells(anchor, to);
      else selectCells(to);
      return;
    }
    switch (event.key) {
      case "Enter":
      case "Tab": {
        event.preventDefault();
        const back = event.shiftKey ? -1 : 1;
        selectCells(step(anchor, event.key === "Enter" ? back : 0, event.key === "Tab" ? back : 0));
        return;
      }
      case "Home":
        event.preventDefault();
        selectCells(ctrl ? { row: 0, col: 0 } : { row: anchor.row, col: 0 });
        return;
      case "End": {
        if (!ctrl) return;
        event.preventDefault();
        const used = usedRect();
        selectCells(used ? { row: used.row + used.rows - 1, col: used.col + used.cols - 1 } : { row: 0, col: 0 });
        return;
      }
      case "F2":
        event.preventDefault();
        startEditing(storedText, "edit");
        return;
      case "Delete":
        event.preventDefault();
        workbook.clearContents(qualify(sheet, range));
        return;
      case "Backspace":
        event.preventDefault();
        startEditing("", "enter");
        return;
      case "Escape":
        return;
    }
    if (event.key.length === 1 && !ctrl && !event.altKey) {
      // The first key starts editing and replaces the cell, as in Excel.
      event.preventDefault();
      startEditing(event.key, "enter");
    }
  };

  const onEditorKey = (event: KeyboardEvent<HTMLInputElement>) => {
    const edit = editingRef.current;
    if (!edit) return;
    const back = event.shiftKey ? -1 : 1;
    const arrows: Record<string, [number, number]> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
    };
    if (event.key === "Enter") {
      event.preventDefault();
      commit({ dRow: back, dCol: 0 });
    } else if (event.key === "Tab") {
      event.preventDefault();
      commit({ dRow: 0, dCol: back });
    } else if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    } else if (event.key === "F2") {
      event.preventDefault();
      startEditing(edit.text, edit.mode === "enter" ? "edit" : "enter");
    } else if (arrows[event.key] && edit.mode === "enter" && edit.place === "cell") {
      event.preventDefault();
      commit({ dRow: arrows[event.key][0], dCol: arrows[event.key][1] });
    }
  };

  const goTo = (text: string) => {
    const target = parseAddress(text.trim());
    const sheetName = target?.sheet
      ? workbook.sheetNames().find((n) => n.toLowerCase() === target.sheet!.toLowerCase())
      : sheet;
    if (!target || !sheetName || !insideGrid(target.rect)) {
      setNameInvalid(true);
      return;
    }
    setNameInvalid(false);
    setNameDraft(null);
    const { rect } = target;
    const anchor = { row: rect.row, col: rect.col };
    const focus = { row: rect.row + rect.rows - 1, col: rect.col + rect.cols - 1 };
    const next = { sheet: sheetName, anchor, focus };
    setSelection(next);
    selectionRef.current = next;
    workbook.select(qualify(sheetName, rect));
    focusGrid();
  };

  const startResize = (col: number, event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = layout.width(col);
    const onMove = (move: PointerEvent) => {
      const width = Math.max(MIN_COLUMN_WIDTH, Math.round(startWidth + move.clientX - startX));
      workbook.setColumnWidthPx(`${prefix}${cellName(0, col)}`, width);
    };
    const onUp = () => {
      handle.removeEventListener("pointermove", onMove);
      handle.removeEventListener("pointerup", onUp);
    };
    handle.addEventListener("pointermove", onMove);
    handle.addEventListener("pointerup", onUp);
  };

  const tables = useMemo(
    () =>
      workbook
        .tablesInfo()
        .filter((t) => t.sheet === sheet)
        .map((t) => parseAddress(t.address)!.rect),
    [workbook, sheet, version],
  );

  const view = visibleWindow(layout, scroll, {
    width: size.width - ROW_HEADER_WIDTH,
    height: size.height - HEADER_HEIGHT,
  });
  const x = (col: number) => ROW_HEADER_WIDTH + layout.start(col) - scroll.left;
  const y = (row: number) => HEADER_HEIGHT + row * ROW_HEIGHT - scroll.top;

  const cells = [];
  const rowHeaders = [];
  const colHeaders = [];
  for (let c = view.cols[0]; c <= view.cols[1]; c++) {
    const name = columnLetters(c);
    colHeaders.push(
      <div
        key={`h${c}`}
        role="columnheader"
        aria-label={name}
        className={mergeClasses(styles.header, c >= range.col && c < range.col + range.cols && styles.headerActive)}
        style={{ left: x(c), top: 0, width: layout.width(c), height: HEADER_HEIGHT }}
      >
        {name}
        <div
          className={styles.resizer}
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize column ${name}`}
          onPointerDown={(e) => startResize(c, e)}
        />
      </div>,
    );
  }
  for (let r = view.rows[0]; r <= view.rows[1]; r++) {
    rowHeaders.push(
      <div
        key={`r${r}`}
        role="rowheader"
        className={mergeClasses(styles.header, r >= range.row && r < range.row + range.rows && styles.headerActive)}
        style={{ left: 0, top: y(r), width: ROW_HEADER_WIDTH, height: ROW_HEIGHT }}
      >
        {r + 1}
      </div>,
    );
    for (let c = view.cols[0]; c <= view.cols[1]; c++) {
      const state = cellState(r, c);
      const address = cellName(r, c);
      const isActive = r === active.row && c === active.col;
      // A conditional format's fill (the change marks); its number format is in the text the cell shows, which is
      // "####" for a number wider than its column, as in Excel (column-widths.ts).
      const mark = workbook.conditionalFormatAt(`${prefix}${address}`);
      const note = workbook.noteAt(`${prefix}${address}`);
      const shown = isActive && editing ? editing.text : workbook.getTexts(`${prefix}${address}`)[0][0];
      const entity = !(isActive && editing) && state.valueJson?.type === "Entity" ? state.valueJson : undefined;
      const table = tables.find((t) => contains(t, r, c));
      const className = mergeClasses(
        styles.cell,
        table && r === table.row && styles.tableHeader,
        table && r > table.row && (r - table.row) % 2 === 1 && styles.tableBand,
        contains(range, r, c) && (range.rows > 1 || range.cols > 1) && styles.inRange,
        typeof state.value === "number" && !state.error && !(isActive && editing) && styles.number,
        state.error && (state.error.code === "#BUSY!" ? styles.busy : styles.error),
        isActive && styles.active,
      );
      const cell = (
        <div
          key={address}
          role="gridcell"
          aria-selected={contains(range, r, c)}
          className={className}
          data-address={address}
          title={note ?? state.error?.message ?? shown}
          data-note={note}
          style={{
            left: x(c),
            top: y(r),
            width: layout.width(c),
            ...(mark?.fill ? { backgroundColor: mark.fill } : {}),
          }}
          data-mark={mark?.fill ?? undefined}
          onMouseDown={(event) => {
            if (event.button !== 0) return;
            if (editingRef.current) commit();
            if (event.shiftKey) selectCells(selectionRef.current.anchor, { row: r, col: c });
            else selectCells({ row: r, col: c });
          }}
          onDoubleClick={() => startEditing(storedTextAt(r, c), "edit")}
        >
          {entity && <EntityIcon entity={entity} onOpen={setCard} />}
          {shown}
          {note !== undefined && <span className={styles.noteMark} aria-label="Has a note" />}
        </div>
      );
      cells.push(
        state.error?.message ? (
          <Tooltip key={address} content={state.error.message} relationship="description">
            {cell}
          </Tooltip>
        ) : (
          cell
        ),
      );
    }
  }
  function storedTextAt(row: number, col: number) {
    const state = cellState(row, col);
    return state.formula || displayValue(state.value);
  }

  return (
    <div className={styles.root} data-version={version}>
      <div className={styles.bar}>
        <Input
          className={styles.nameBox}
          aria-label="Name box"
          aria-invalid={nameInvalid || undefined}
          title={nameInvalid ? "Type an address such as A1, XFD1048576 or 'Kalibrate Price'!B2" : undefined}
          value={nameDraft ?? (range.rows > 1 || range.cols > 1 ? rangeAddress : activeAddress)}
          onFocus={(e) => e.target.select()}
          onChange={(_, data) => setNameDraft(data.value)}
          onBlur={() => setNameDraft(null)}
          onKeyDown={(e) => {
            if (e.key === "Enter") goTo((e.target as HTMLInputElement).value);
            if (e.key === "Escape") {
              setNameDraft(null);
              setNameInvalid(false);
              focusGrid();
            }
          }}
        />
        <Dropdown
          className={styles.format}
          aria-label="Number format"
          value={activeState.numberFormat || "General"}
          selectedOptions={[activeState.numberFormat || "General"]}
          onOptionSelect={(_, data) => {
            if (data.optionValue) workbook.setNumberFormat(qualify(sheet, range), data.optionValue);
            focusGrid();
          }}
        >
          {NUMBER_FORMATS.map((format) => (
            <Option key={format} value={format}>
              {format}
            </Option>
          ))}
        </Dropdown>
        <Input
          className={styles.formula}
          aria-label="Formula bar"
          value={editing ? editing.text : storedText}
          onChange={(_, data) => {
            const next = { text: data.value, mode: "edit" as const, place: "bar" as const };
            editingRef.current = next;
            setEditing(next);
          }}
          onKeyDown={onEditorKey}
        />
        <Button onClick={() => commit()}>Enter</Button>
      </div>
      <div
        ref={scroller}
        className={styles.scroller}
        role="grid"
        aria-label={`Worksheet ${sheet}`}
        aria-rowcount={MAX_ROWS}
        aria-colcount={MAX_COLUMNS}
        tabIndex={0}
        {...ownKeys}
        onKeyDown={onGridKey}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
      >
        <div style={{ width: ROW_HEADER_WIDTH + layout.total, height: totalHeight }}>
          <div className={styles.window} style={{ width: size.width, height: size.height }}>
            {cells}
            {editing?.place === "cell" && (
              <input
                className={styles.editor}
                {...ownKeys}
                aria-label={`Edit ${activeAddress}`}
                ref={(element) => {
                  if (element && document.activeElement !== element) {
                    element.focus({ preventScroll: true });
                    element.setSelectionRange(element.value.length, element.value.length);
                  }
                }}
                style={{
                  left: x(active.col),
                  top: y(active.row),
                  minWidth: layout.width(active.col),
                  width: Math.max(layout.width(active.col), editing.text.length * 7 + 12),
                }}
                value={editing.text}
                onChange={(e) => {
                  const next = { ...editing, text: e.target.value };
                  editingRef.current = next;
                  setEditing(next);
                }}
                onKeyDown={onEditorKey}
                onBlur={(e) => {
                  if (
                    e.relatedTarget &&
                    (e.relatedTarget as HTMLElement).getAttribute("aria-label") === "Formula bar"
                  ) {
                    setEditing((current) => current && { ...current, place: "bar" });
                  } else if (editingRef.current) commit(undefined, false);
                }}
              />
            )}
            {rowHeaders}
            {colHeaders}
            <div
              className={mergeClasses(styles.header, styles.corner)}
              style={{ left: 0, top: 0, width: ROW_HEADER_WIDTH, height: HEADER_HEIGHT }}
            />
          </div>
        </div>
      </div>
      {card && <EntityCard entity={card} onClose={() => setCard(undefined)} />}
      <div className={styles.footer}>
        <TabList selectedValue={sheet} onTabSelect={(_, data) => workbook.activate(String(data.value))} size="small">
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
