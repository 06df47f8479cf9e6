import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { findIntersections } from "../../pipeline/geo/network.ts";
import { parseMaxspeedKmh, roadClassOf } from "../../pipeline/geo/road-classes.ts";
import { readRoadSources, resolveRoadSourceFiles } from "../../pipeline/sources/roads.ts";
import { parseRoadGeoJson } from "../../pipeline/sources/roads-geojson.ts";
import { parseRoadOsmXml } from "../../pipeline/sources/roads-osm-xml.ts";
import {
  DEPARTMENT_BBOX,
  downloadOverpassRoads,
  overpassCachePath,
  overpassRoadsQuery,
} from "../../pipeline/sources/roads-overpass.ts";

// Two streets crossing at node 2, a footway, and a street whose second half is outside the file.
const OSM_XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="-22.270" lon="166.440"/>
  <node id="2" lat="-22.270" lon="166.441"/>
  <node id="3" lat="-22.270" lon="166.442"/>
  <node id="4" lat="-22.269" lon="166.441"/>
  <node id="5" lat="-22.271" lon="166.441"/>
  <way id="10">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="maxspeed" v="70"/><tag k="name" v="Rue A"/>
  </way>
  <way id="11">
    <nd ref="4"/><nd ref="2"/><nd ref="5"/>
    <tag k="highway" v="secondary_link"/>
  </way>
  <way id="12"><nd ref="1"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="13"><nd ref="3"/><nd ref="99"/><tag k="highway" v="service"/></way>
</osm>`;

describe("parseRoadOsmXml", () => {
  const { lines, skipped } = parseRoadOsmXml(OSM_XML, "test.osm", "test");

  it("splits ways at shared nodes", () => {
    assert.deepEqual(
      lines.map((l) => l.segmentId),
      ["test:way/10.0", "test:way/10.1", "test:way/11.0", "test:way/11.1"],
    );
    const [node] = findIntersections(lines);
    assert.equal(node.degree, 4);
    assert.equal(node.longitude, 166.441);
  });

  it("keeps tags and skips what is not a drivable line", () => {
    assert.equal(lines[0].maxspeed, "70");
    assert.equal(lines[0].name, "Rue A");
    assert.equal(roadClassOf(lines[2].highway), "secondary", "a link takes its road's class");
    assert.equal(skipped, 2, "the footway and the way with one known node");
  });

  it("rejects a file that is not OSM XML", () => {
    assert.throws(() => parseRoadOsmXml("<gpx></gpx>", "x.osm", "x"), /x\.osm: no <osm> root/);
  });
});

describe("parseRoadGeoJson", () => {
  it("reads lines, multilines and their properties", () => {
    const text = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { highway: "trunk", maxspeed: 110, ref: "E1" },
          geometry: {
            type: "LineString",
            coordinates: [
              [166.4, -22.2],
              [166.5, -22.1],
            ],
          },
        },
        {
          type: "Feature",
          properties: null,
          geometry: {
            type: "MultiLineString",
            coordinates: [
              [
                [166.4, -22.2],
                [166.4, -22.3],
              ],
              [
                [166.6, -22.2],
                [166.6, -22.2],
              ],
            ],
          },
        },
        { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [166, -22] } },
      ],
    });
    const { lines, skipped } = parseRoadGeoJson(text, "roads.geojson", "roads");
    assert.deepEqual(
      lines.map((l) => l.segmentId),
      ["roads:0", "roads:1.0"],
    );
    assert.equal(lines[0].maxspeed, "110");
    assert.equal(lines[0].ref, "E1");
    assert.equal(skipped, 2, "the repeated-point part and the Point");
  });

  it("names the feature and point of an invalid position", () => {
    const text = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          geometry: {
            type: "LineString",
            coordinates: [
              [1, 2],
              ["x", 3],
            ],
          },
        },
      ],
    });
    assert.throws(
      () => parseRoadGeoJson(text, "bad.geojson", "bad"),
      /bad\.geojson, feature 0, point 1/,
    );
  });
});

describe("parseMaxspeedKmh", () => {
  it("reads numbers, units and French symbols", () => {
    assert.equal(parseMaxspeedKmh("50"), 50);
    assert.equal(parseMaxspeedKmh("30 mph"), 48);
    assert.equal(parseMaxspeedKmh("FR:urban"), 50);
    assert.equal(parseMaxspeedKmh("none"), undefined);
    assert.equal(parseMaxspeedKmh("50;70"), undefined);
  });
});

describe("Overpass download", () => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("builds a query for the département's box", () => {
    const query = overpassRoadsQuery(DEPARTMENT_BBOX["988"]);
    assert.match(query, /^\[out:xml\]/);
    assert.match(query, /way\["highway"~"\^\(motorway\|motorway_link\|trunk/);
    assert.match(query, /\(-22\.9,163\.5,-19\.5,168\.2\);/);
  });

  it("downloads once, then reads the cache", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "roads-cache-"));
    folders.push(cacheDir);
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      request.resume();
      request.on("end", () => response.end(OSM_XML));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/interpreter`;

    try {
      const options = { department: "988", cacheDir, url };
      const path = await downloadOverpassRoads(options);
      const expected = overpassCachePath(
        cacheDir,
        "988",
        overpassRoadsQuery(DEPARTMENT_BBOX["988"]),
      );
      assert.equal(path, expected);
      assert.match(path, /roads\/overpass-988-[0-9a-f]{16}\.osm$/);
      assert.equal(await readFile(path, "utf8"), OSM_XML);

      const again = await readRoadSources({
        sources: [],
        department: "988",
        cacheDir,
        overpassUrl: url,
      });
      assert.equal(again.lines.length, 4);
      assert.equal(requests, 1);
    } finally {
      server.close();
    }
  });

  it("says what to do when the server is unreachable", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "roads-cache-"));
    folders.push(cacheDir);
    // A port that was just free: nothing listens there, so the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/api/interpreter`;

    const error = await downloadOverpassRoads({ department: "988", cacheDir, url }).then(
      () => undefined,
      (failure: Error) => failure,
    );
    assert.ok(error, "the download must fail");
    assert.match(error.message, new RegExp(`from ${url} failed: connect ECONNREFUSED`));
    assert.match(error.message, /Set ROADS_SOURCE to local GeoJSON or OSM XML files/);
  });

  it("without download, reports the cache file or says it is not downloaded yet", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "roads-cache-"));
    folders.push(cacheDir);
    const calls: string[] = [];
    const fetchImpl = (async (url: string) => {
      calls.push(url);
      return new Response(OSM_XML);
    }) as typeof fetch;
    const options = {
      sources: [],
      department: "988",
      cacheDir,
      overpassUrl: "http://127.0.0.1:9/api/interpreter",
      fetchImpl,
      download: false,
    };

    await assert.rejects(
      resolveRoadSourceFiles(options),
      /Roads of département 988 are not downloaded yet \(cache .*overpass-988-[0-9a-f]{16}\.osm\)/,
    );
    const cached = overpassCachePath(cacheDir, "988", overpassRoadsQuery(DEPARTMENT_BBOX["988"]));
    await mkdir(join(cacheDir, "roads"));
    await writeFile(cached, OSM_XML);
    const [file] = await resolveRoadSourceFiles(options);
    assert.equal(file.path, cached);
    assert.match(file.label, /^overpass-988-[0-9a-f]{16}$/);
    assert.deepEqual(calls, [], "never contacts Overpass");
  });

  it("rejects a département without a known box", async () => {
    await assert.rejects(
      downloadOverpassRoads({ department: "75", cacheDir: "unused", url: "unused" }),
      /No bounding box is known for département 75/,
    );
  });

  it("names a missing local file", async () => {
    const folder = await mkdtemp(join(tmpdir(), "roads-"));
    folders.push(folder);
    await writeFile(join(folder, "a.geojson"), '{"type":"FeatureCollection","features":[]}');
    await assert.rejects(
      readRoadSources({
        sources: [join(folder, "a.geojson"), join(folder, "missing.osm")],
        department: "988",
        cacheDir: folder,
        overpassUrl: "unused",
      }),
      /Road source not found: .*missing\.osm/,
    );
  });
});
