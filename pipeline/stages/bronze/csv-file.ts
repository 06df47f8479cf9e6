// Structural checks of one BAAC file before DuckDB parses it: compression, encoding, delimiter,
// header and a truncated last row. Each failure names the file, the line and what to do.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** A file that cannot be ingested as a whole; the asset fails and the lake keeps its snapshot. */
export class BaacFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    // Line 0: the problem is not tied to a line (a corrupt gzip stream).
    super(line > 0 ? `${file}, line ${line}: ${message}` : `${file}: ${message}`);
    this.name = "BaacFormatError";
  }
}

export type CsvEncoding = "utf-8" | "latin-1";

export interface CsvLayout {
  encoding: CsvEncoding;
  /** Header names, unquoted and trimmed, in file order. */
  columns: string[];
  /** Non-blank lines after the header. */
  dataLines: number;
  /** For each blank line among the rows (DuckDB skips them), the index of the next data row. */
  blankLinesBefore: number[];
}

/** Splits one CSV line on `;` outside double quotes; `open` is true when a quote is unclosed. */
export function splitCsvLine(line: string): { fields: string[]; open: boolean } {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (char === ";" && !quoted) {
      fields.push(field);
      field = "";
    } else {
      field += char;
    }
  }
  fields.push(field);
  return { fields, open: quoted };
}

function decompress(name: string, bytes: Buffer): Buffer {
  if (!name.toLowerCase().endsWith(".gz")) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new BaacFormatError(
      name,
      0,
      `the gzip stream is corrupt or truncated (${(error as Error).message}). ` +
        `Download the file again.`,
    );
  }
}

/** Returns UTF-8 when the bytes are valid UTF-8, Latin-1 for other 8-bit text, else raises. */
export function detectEncoding(name: string, bytes: Uint8Array): CsvEncoding {
  const utf16Bom = bytes[0] === 0xff && bytes[1] === 0xfe;
  const utf16BomBigEndian = bytes[0] === 0xfe && bytes[1] === 0xff;
  const nul = bytes.indexOf(0);
  if (utf16Bom || utf16BomBigEndian || nul >= 0) {
    const line = nul >= 0 ? countLines(bytes.subarray(0, nul)) : 1;
    throw new BaacFormatError(
      name,
      line,
      `unknown encoding: the file holds ${nul >= 0 ? "NUL bytes" : "a UTF-16 byte order mark"}` +
        `, but BAAC files are UTF-8 or Latin-1 text. Convert it to UTF-8 or download it again.`,
    );
  }

  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    // Files published before 2019 are Latin-1; any byte sequence is valid Latin-1.
    return "latin-1";
  }
}

function countLines(bytes: Uint8Array): number {
  let lines = 1;
  for (const byte of bytes) if (byte === 0x0a) lines++;
  return lines;
}

/** Reads the whole file once and raises a BaacFormatError for any structural problem. */
export function inspectCsvFile(path: string, name: string): CsvLayout {
  const bytes = decompress(name, readFileSync(path));
  const encoding = detectEncoding(name, bytes);
  const text = new TextDecoder(encoding === "utf-8" ? "utf-8" : "latin1").decode(bytes);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);

  const header = lines[0] ?? "";
  if (header.trim() === "") throw new BaacFormatError(name, 1, "the header line is empty.");
  if (!header.includes(";")) {
    const found = [",", "\t", "|"].find((delimiter) => header.includes(delimiter));
    throw new BaacFormatError(
      name,
      1,
      `wrong delimiter: expected ";" between header fields, found ` +
        `${found ? JSON.stringify(found) : "none"} in ${JSON.stringify(header.slice(0, 80))}.`,
    );
  }

  const columns = splitCsvLine(header).fields.map((field) => field.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    const lower = column.toLowerCase();
    if (seen.has(lower)) {
      throw new BaacFormatError(name, 1, `duplicate column ${JSON.stringify(column)} in header.`);
    }
    seen.add(lower);
  }

  let last = lines.length - 1;
  while (last > 0 && lines[last].trim() === "") last--;
  let dataLines = 0;
  const blankLinesBefore: number[] = [];
  for (const line of lines.slice(1, last + 1)) {
    if (line.trim() === "") blankLinesBefore.push(dataLines);
    else dataLines++;
  }

  // A cut download ends inside a row: a quote left open or fewer fields than the header.
  if (last > 0) {
    const { fields, open } = splitCsvLine(lines[last]);
    if (open || fields.length < columns.length) {
      throw new BaacFormatError(
        name,
        last + 1,
        `the file is truncated: the last row has ${fields.length} of ${columns.length} ` +
          `fields${open ? " and an unclosed quote" : ""}. Download or copy the file again.`,
      );
    }
  }
  return { encoding, columns, dataLines, blankLinesBefore };
}
