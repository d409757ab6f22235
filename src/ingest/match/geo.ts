// Distances and map cells for matching. Kenya straddles the equator, so a square grid in
// degrees is close to square on the ground (a degree of longitude shrinks by at most 0.4 %
// at 5° latitude), which keeps the cell keys trivial to compute in SQL or in memory.

export interface LatLng {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLng, b: LatLng): number {
  const toRadians = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * toRadians;
  const dLng = (b.longitude - a.longitude) * toRadians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * toRadians) * Math.cos(b.latitude * toRadians) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Side of a blocking cell in degrees: 0.005° is about 550 m, and a record looks up its own cell
 * and the eight around it, so facilities up to ~550 m apart always meet (up to ~1.6 km often).
 * Partners' coordinates for one facility differ by metres to a few hundred metres. Cells are
 * insurance for a facility whose names share no word key (renamed, misspelt in the first
 * letter); in the labelled evaluation no duplicate depended on them, and wider cells only
 * added comparisons (1 km cells made 37 % of all comparisons, none of them useful).
 */
export const CELL_DEGREES = 0.005;

interface Cell {
  row: number;
  column: number;
}

function cellOf(point: LatLng, size: number): Cell {
  return { row: Math.floor(point.latitude / size), column: Math.floor(point.longitude / size) };
}

function cellKey(cell: Cell): string {
  return `g:${cell.row}:${cell.column}`;
}

/** The key of the cell a point lies in: what is stored for a facility. */
export function ownCellKey(point: LatLng, size = CELL_DEGREES): string {
  return cellKey(cellOf(point, size));
}

/**
 * The keys of the point's cell and its eight neighbours: what is looked up for a record, so
 * that a facility just across a cell border is still a candidate while each facility stores
 * one key only.
 */
export function neighbourhoodCellKeys(point: LatLng, size = CELL_DEGREES): string[] {
  const centre = cellOf(point, size);
  const keys: string[] = [];
  for (let dRow = -1; dRow <= 1; dRow++) {
    for (let dColumn = -1; dColumn <= 1; dColumn++) {
      keys.push(cellKey({ row: centre.row + dRow, column: centre.column + dColumn }));
    }
  }
  return keys;
}

/** A point from optional coordinates, or undefined when either is missing or not finite. */
export function pointOf(latitude: number | undefined, longitude: number | undefined): LatLng | undefined {
  if (latitude === undefined || longitude === undefined) return undefined;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  return { latitude, longitude };
}
