// The French formats and labels every page uses, checked on values the site shows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  formatInteger, formatNoumeaTime, formatNumber, formatPercent, numberTicks,
} from "../../src/components/format.js";
import { dropsRow, labelFor, reasonLabel, statusLabel } from "../../src/components/labels.js";

// U+202F, the narrow no-break space French puts between thousands.
const NNBSP = "\u202f";

describe("French number formats", () => {
  test("thousands take a narrow no-break space", () => {
    assert.equal(formatInteger(1522), `1${NNBSP}522`);
  });

  test("decimals take a comma", () => {
    assert.equal(formatNumber(0.2851, 3), "0,285");
    assert.equal(numberTicks(2)(0.5), "0,5");
  });

  test("percentages keep one decimal", () => {
    // Before "%" the ICU data of Node 20 puts U+00A0, other versions U+202F: both never break.
    assert.match(formatPercent(1), /^100,0[\u00a0\u202f]%$/);
  });

  test("UTC times read in Nouméa", () => {
    // Nouméa is UTC+11 all year: 18:16 UTC on 4 December is 05:16 on 5 December.
    assert.equal(formatNoumeaTime("2026-12-04T18:16:42"), "05/12/2026 05:16");
  });
});

describe("French labels", () => {
  test("features and columns", () => {
    assert.equal(labelFor("dist_to_road_m"), "Distance à la route (m)");
    assert.equal(labelFor("run_id"), "Exécution");
    assert.equal(labelFor("no_such_column"), "no_such_column");
  });

  test("statuses", () => {
    assert.equal(statusLabel("success"), "réussie");
  });

  test("rejection reasons tell NULL from dropped", () => {
    // The four 2020 rows of bronze.rejected_rows have this reason: coordinates became NULL.
    const outside = "outside the territory of département 988";
    assert.equal(reasonLabel(outside),
      "hors du territoire du département 988 ; coordonnées mises à NULL");
    assert.equal(dropsRow(outside), false);
    assert.equal(dropsRow("missing or invalid accident id; row dropped"), true);
  });
});
