// How the workbench grid shows a cell: close enough to Excel for a person to read results at a glance.

export interface CellError {
  code: string;
  message?: string;
}

const DATE_FORMAT = /[yd]/i;
const TIME_FORMAT = /h|ss/i;

function fromSerial(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

export function displayValue(value: unknown, numberFormat = "General", error?: CellError): string {
  if (error) return error.code;
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (numberFormat !== "General" && DATE_FORMAT.test(numberFormat)) {
      const iso = fromSerial(value).toISOString();
      return TIME_FORMAT.test(numberFormat) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
    }
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  }
  return String(value);
}

export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
