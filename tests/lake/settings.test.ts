// DUCKLAKE_DATA_PATH forms: a folder, a file:// URL of a folder, or s3://bucket/prefix/.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readLakeSettings } from "../../pipeline/config.ts";

const dataPath = (value: string) => readLakeSettings({ DUCKLAKE_DATA_PATH: value }).dataPath;

test("folder gets a trailing slash", () => {
  assert.equal(dataPath("data/lake/files"), "data/lake/files/");
});

test("file URL becomes its folder", () => {
  // Used as given, the URL would be a relative folder named `file:`.
  assert.equal(dataPath("file:///tmp/lake/"), "/tmp/lake/");
  assert.equal(dataPath("file:///tmp/my%20lake"), "/tmp/my lake/");
});

test("S3 URL kept as given", () => {
  assert.equal(dataPath("s3://lake-bucket/files/"), "s3://lake-bucket/files/");
});

test("other schemes rejected by name", () => {
  for (const value of ["gs://bucket/files/", "http://127.0.0.1:9000/files/", "az://c/f/"]) {
    const scheme = value.slice(0, value.indexOf(":"));
    assert.throws(() => dataPath(value), new RegExp(
      `Invalid DUCKLAKE_DATA_PATH=.*: expected a folder, .* \\(${scheme}:// is not supported\\)`));
  }
});

test("file URL with a host rejected", () => {
  assert.throws(() => dataPath("file://server/share/"),
    /Invalid DUCKLAKE_DATA_PATH="file:\/\/server\/share\/".*with no host in the file URL/);
});
