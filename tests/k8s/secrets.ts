// Searches built files for credentials: the exact values configured for a run, and any URL that
// carries a user and password (`scheme://user:password@host`).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const urlWithCredentials = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`<>]+:[^\s/@"'`<>]+@[^\s/"'`<>]+/i;

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

/**
 * Returns `file: name` for each secret found under `folder`, naming the secret, never showing its
 * value. `secrets` maps a name such as POSTGRES_PASSWORD to its value; symbolic links are skipped
 * because they point at files listed elsewhere.
 */
export function findSecrets(folder: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const path of listFiles(folder)) {
    const body = readFileSync(path);
    const file = relative(folder, path);
    for (const [name, value] of Object.entries(secrets)) {
      if (value && body.includes(value)) found.push(`${file}: ${name}`);
    }
    const match = urlWithCredentials.exec(body.toString("latin1"));
    if (match) {
      const masked = match[0].replace(/:[^:@]*@/, ":***@");
      found.push(`${file}: URL with credentials (${masked})`);
    }
  }
  return found;
}
