// TODO(step 3 of issue 2): the Postgres catalog is being written; until then it raises.
import type { CatalogDb } from "./types.ts";

export const PostgresCatalog = {
  async connect(_url: string, _password?: string): Promise<CatalogDb> {
    throw new Error("A Postgres catalog is not supported yet: set DUCKLAKE_DATABASE_URL to a file.");
  },
};
