// DUCKLAKE_DATABASE_URL forms: a postgres:// URL or libpq keywords, with POSTGRES_PASSWORD added
// only when the string carries no password.
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectionConfig, parseKeywords } from "../../pipeline/lake/catalog/postgres.ts";
import { isPostgresCatalog } from "../../pipeline/lake/index.ts";

test("libpq keywords with a quoted value", () => {
  assert.deepEqual(parseKeywords("dbname=lake host=db.local user='lake owner' port=5433"),
    { dbname: "lake", host: "db.local", user: "lake owner", port: "5433" });
});

test("keyword form takes POSTGRES_PASSWORD when it has none", () => {
  const config = connectionConfig("postgres:dbname=lake host=db user=etl", "s3cret");
  assert.equal(config.database, "lake");
  assert.equal(config.host, "db");
  assert.equal(config.user, "etl");
  assert.equal(config.password, "s3cret");
});

test("keyword form keeps its own password", () => {
  const config = connectionConfig("postgres:dbname=lake password=inline", "s3cret");
  assert.equal(config.password, "inline");
});

test("URL form takes POSTGRES_PASSWORD only when it has none", () => {
  assert.equal(connectionConfig("postgres://etl@db:5432/lake", "p@ss").connectionString,
    "postgres://etl:p%40ss@db:5432/lake");
  assert.equal(connectionConfig("postgres://etl:own@db/lake", "p@ss").connectionString,
    "postgres://etl:own@db/lake");
});

test("unknown keywords are rejected by name", () => {
  assert.throws(() => connectionConfig("postgres:dbname=lake colour=blue"),
    /unknown keyword colour/);
});

test("catalog kind from the setting", () => {
  assert.equal(isPostgresCatalog("postgres://db/lake"), true);
  assert.equal(isPostgresCatalog("postgresql://db/lake"), true);
  assert.equal(isPostgresCatalog("postgres:dbname=lake"), true);
  assert.equal(isPostgresCatalog("data/lake/catalog.ducklake"), false);
});
