import {
  Caption1,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  tokens,
  type TableColumnDefinition,
} from "@fluentui/react-components";
import { useMemo } from "react";
import type { Preview } from "../../reports/preview";

const useStyles = makeStyles({
  scroller: {
    overflowX: "auto",
    maxHeight: "320px",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  grid: { minWidth: "max-content" },
  cell: { minWidth: "120px", maxWidth: "220px", whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" },
});

type Row = { index: number; values: string[] };

/** The preview's first rows in a Fluent DataGrid, with the count when the preview saw the end of the result. */
export function PreviewGrid({ preview }: { preview: Preview }) {
  const styles = useStyles();
  const columns = useMemo<TableColumnDefinition<Row>[]>(
    () =>
      preview.headers.map((header, i) =>
        createTableColumn<Row>({
          columnId: `${i}:${header}`,
          renderHeaderCell: () => header,
          renderCell: (row) => row.values[i],
        }),
      ),
    [preview.headers],
  );
  const items = useMemo(() => preview.rows.map((values, index) => ({ index, values })), [preview.rows]);
  const shown = preview.rows.length;
  const summary =
    preview.total !== undefined
      ? `${preview.total.toLocaleString("en-GB")} ${preview.total === 1 ? "row" : "rows"} in total${shown < preview.total ? `; the first ${shown} shown` : ""}.`
      : `The first ${shown} rows; there are more (the total is known once inserted).`;
  return (
    <>
      <Caption1 role="status" aria-label="Preview summary">
        {summary}
      </Caption1>
      {/* The one part of the pane meant to scroll sideways: a result is wider than any pane. */}
      <div className={styles.scroller} role="region" aria-label="Preview rows" tabIndex={0} data-scroll-region>
        <DataGrid
          items={items}
          columns={columns}
          getRowId={(row) => row.index}
          size="small"
          className={styles.grid}
          aria-label="Preview"
        >
          <DataGridHeader>
            <DataGridRow>
              {({ renderHeaderCell }) => (
                <DataGridHeaderCell className={styles.cell}>{renderHeaderCell()}</DataGridHeaderCell>
              )}
            </DataGridRow>
          </DataGridHeader>
          <DataGridBody<Row>>
            {({ item, rowId }) => (
              <DataGridRow<Row> key={rowId}>
                {({ renderCell }) => <DataGridCell className={styles.cell}>{renderCell(item)}</DataGridCell>}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
      </div>
    </>
  );
}
