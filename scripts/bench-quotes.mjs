// The README quotes measured numbers only through this script. A benchmark writes its section of
// docs/benchmarks.md with quotable spans, `<!-- quote:NAME -->text<!-- /quote -->`; the README
// holds spans of the same names, and this script copies each one's text from the benchmarks file.
//   node scripts/bench-quotes.mjs          rewrite the README's quotes (the benchmarks call it)
//   node scripts/bench-quotes.mjs --check  fail when a README quote differs from its source or
//                                          has none (a check in `./x test`)
// Env: QOSCOPE_BENCHMARKS_FILE, QOSCOPE_README_FILE (tests).
import { readFileSync, writeFileSync } from 'node:fs';

const benchmarksFile = process.env.QOSCOPE_BENCHMARKS_FILE || 'docs/benchmarks.md';
const readmeFile = process.env.QOSCOPE_README_FILE || 'README.md';
const SPAN = /<!-- quote:([a-z0-9-]+) -->([\s\S]*?)<!-- \/quote -->/g;

const sources = new Map();
for (const [, name, text] of readFileSync(benchmarksFile, 'utf8').matchAll(SPAN)) {
  if (sources.has(name)) {
    console.error(`${benchmarksFile}: the quote "${name}" is written twice`);
    process.exit(1);
  }
  sources.set(name, text);
}

const readme = readFileSync(readmeFile, 'utf8');
const problems = [];
const synced = readme.replace(SPAN, (span, name, text) => {
  if (!sources.has(name)) {
    problems.push(`${readmeFile} quotes "${name}", which no benchmark section of ${benchmarksFile} writes`);
    return span;
  }
  const source = sources.get(name);
  if (source !== text) problems.push(`${readmeFile}: the quote "${name}" differs from ${benchmarksFile}`);
  return `<!-- quote:${name} -->${source}<!-- /quote -->`;
});

if (process.argv.includes('--check')) {
  // A README without any quote would pass vacuously: it quotes the fetch's defaults at least.
  if (!readme.match(SPAN)) problems.push(`${readmeFile} quotes no measured number at all (expected quote:fetch-defaults)`);
  if (problems.length) {
    console.error(problems.join('\n'));
    console.error('run `node scripts/bench-quotes.mjs` after the benchmark (it copies the numbers into the README)');
    process.exit(1);
  }
  console.log(`README quotes: ${readme.match(SPAN)?.length ?? 0} in sync with ${benchmarksFile}`);
} else {
  // Copies what the benchmarks wrote; a quote whose benchmark has not run yet is left as it is
  // (and `--check` fails on it).
  for (const p of problems.filter((p) => p.includes('no benchmark section'))) console.error(`warning: ${p}`);
  if (synced !== readme) writeFileSync(readmeFile, synced);
}
