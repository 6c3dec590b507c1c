/**
 * Benchmark phase "captures": compare_captures' work on two 1280×3000 JPEG captures (the simulator's page before
 * and after the breaking update, at that size), in a fresh node process so that its peak RSS is the compare's own:
 * decode both, pixelmatch in strips, draw the before | after picture, encode it under the 300 kB cap.
 * Targets: ≤ 1 s per compare (warm), ≤ 100 MB peak RSS, picture ≤ 300 kB.
 * Run alone: node bench/captures.js  (after npm run build). Used by bench/run.js (BENCH_PHASES=captures).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
export const CAPTURE_TARGETS = { compareMs: 1000, peakRssMb: 100, pictureBytes: 300_000 };
const WIDTH = 1280;
const HEIGHT = 3000;
const RUNS = 5;

const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 102.4) / 10;

/** In the child: compare the two files RUNS times; print the figures as JSON. */
async function child(dist, before, after) {
  const baseline = peakRssMb();
  const { comparePageImages } = await import(pathToFileURL(join(dist, "captures/compare.js")).href);
  const a = new Uint8Array(readFileSync(before));
  const b = new Uint8Array(readFileSync(after));
  const times = [];
  let last;
  let firstPeak;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = await comparePageImages(a, b, { threshold: 0.1, includeAA: false, picture: true });
    times.push(performance.now() - started);
    if (i === 0) firstPeak = peakRssMb();
  }
  const same = performance.now();
  const identical = await comparePageImages(a, a, { threshold: 0.1, includeAA: false, picture: true });
  const identicalMs = performance.now() - same;
  const warm = times.slice(1).sort((x, y) => x - y);
  process.stdout.write(
    JSON.stringify({
      inputBytes: [a.length, b.length],
      firstMs: Math.round(times[0]),
      warmMedianMs: Math.round(warm[Math.floor(warm.length / 2)]),
      warmMaxMs: Math.round(warm.at(-1)),
      identicalMs: Math.round(identicalMs),
      identicalChangedPercent: identical.row.changed_percent,
      changedPercent: last.row.changed_percent,
      regions: last.row.regions.length,
      picture: { width: last.picture.width, height: last.picture.height, bytes: last.picture.bytes.length, quality: last.picture.quality },
      baselineRssMb: baseline,
      firstPeakRssMb: firstPeak,
      peakRssMb: peakRssMb(),
    }),
  );
}

/** Writes the two captures, runs the child, returns its figures with verdicts. */
export async function benchCaptures(dist, log = (m) => process.stderr.write(`${m}\n`)) {
  const { drawPage } = await import(pathToFileURL(join(dist, "simulator/captures-images.js")).href);
  const { encodeImage } = await import(pathToFileURL(join(dist, "captures/codec.js")).href);
  const dir = mkdtempSync(join(tmpdir(), "cc-bench-captures-"));
  try {
    const files = [];
    for (const look of ["normal", "broken"]) {
      const raster = drawPage({ site: "acmeevents", environment: "production", page: "/", look }, { width: WIDTH, height: HEIGHT });
      const file = join(dir, `${look}.jpg`);
      writeFileSync(file, await encodeImage(raster, "jpeg", 82));
      files.push(file);
    }
    log(`captures: compare two ${WIDTH}×${HEIGHT} JPEG captures, ${RUNS} runs in a fresh process`);
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", dist, ...files], { encoding: "utf8", timeout: 300_000 });
    const r = JSON.parse(out);
    r.size = `${WIDTH}×${HEIGHT}`;
    r.targets = {
      compareMs: { value: r.warmMedianMs, target: CAPTURE_TARGETS.compareMs, ok: r.warmMedianMs <= CAPTURE_TARGETS.compareMs },
      peakRssMb: { value: r.firstPeakRssMb, target: CAPTURE_TARGETS.peakRssMb, ok: r.firstPeakRssMb <= CAPTURE_TARGETS.peakRssMb },
      pictureBytes: { value: r.picture.bytes, target: CAPTURE_TARGETS.pictureBytes, ok: r.picture.bytes <= CAPTURE_TARGETS.pictureBytes },
    };
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function captureRows(r) {
  const ok = (v) => (v.ok ? "ok" : "MISSED");
  return [
    [`compare_captures ${r.size} (warm median ms)`, String(r.warmMedianMs), `≤ ${r.targets.compareMs.target} ${ok(r.targets.compareMs)}`,
      `first ${r.firstMs} ms (loads the codecs), max ${r.warmMaxMs}; identical pages ${r.identicalMs} ms, ${r.identicalChangedPercent}%`],
    ["compare_captures peak RSS (MB)", String(r.firstPeakRssMb), `≤ ${r.targets.peakRssMb.target} ${ok(r.targets.peakRssMb)}`,
      `one compare in a fresh process; ${r.peakRssMb} MB after ${RUNS} (garbage not yet collected); node alone ${r.baselineRssMb} MB`],
    ["compare_captures picture (bytes)", String(r.picture.bytes), `≤ ${r.targets.pictureBytes.target} ${ok(r.targets.pictureBytes)}`,
      `${r.picture.width}×${r.picture.height} JPEG q${r.picture.quality}; ${r.changedPercent}% changed in ${r.regions} region(s)`],
  ];
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const r = await benchCaptures(resolve(process.env.BENCH_DIST ?? join(here, "../dist")));
  for (const row of captureRows(r)) process.stdout.write(`${row[0].padEnd(44)} ${row[1].padStart(8)}  ${row[2].padEnd(12)}  ${row[3]}\n`);
}
