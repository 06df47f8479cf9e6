// Types of roads.js, for the TypeScript tests that import it.

export interface EncodedRoads {
  scale: number;
  classes: string[];
  roads: number[][];
}

export interface DecodedRoad {
  roadClass: string;
  points: [number, number][];
}

export const ROAD_STYLES: Record<string, { color: string; weight: number }>;

export function decodeRoads(encoded: EncodedRoads): DecodedRoad[];
