// A scrolling table of rows the panel lists (problems, batches, rejected rows): the one part of the pane that may
// scroll on its own.
import type { ReactNode } from "react";
import { useImportStyles } from "./styles";

export function RowsTable({ label, headers, rows }: { label: string; headers: string[]; rows: ReactNode[][] }) {
  const styles = useImportStyles();
  return (
    <div className={styles.scroll} data-scroll-ok>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header}>{header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
