// TODO(step 3 of issue 2): S3 storage is being written; until then it raises.
import type { S3Settings } from "../../config.ts";
import type { Storage } from "./types.ts";

export class S3Storage {
  constructor(root: string, _s3: S3Settings, _cacheDir: string) {
    throw new Error(`S3 data paths (${root}) are not supported yet: use a local folder.`);
  }
}
export type { Storage };
