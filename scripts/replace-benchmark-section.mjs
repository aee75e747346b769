// Replaces one `## ` section of docs/benchmarks.md with the markdown on stdin (which starts with
// that section's heading), or appends it when the section is not there yet. Other sections are
// kept byte for byte. Usage: node scripts/replace-benchmark-section.mjs '## Heading' < section.md
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.QOSCOPE_BENCHMARKS_FILE || 'docs/benchmarks.md';
const heading = process.argv[2];
if (!heading || !heading.startsWith('## ')) {
  console.error("usage: replace-benchmark-section.mjs '## Heading' < section.md");
  process.exit(2);
}
const section = readFileSync(0, 'utf8').trimEnd() + '\n';
if (!section.startsWith(heading + '\n')) {
  console.error(`the section on stdin must start with the line "${heading}"`);
  process.exit(2);
}

const lines = readFileSync(file, 'utf8').split('\n');
const start = lines.findIndex((line) => line === heading);
let text;
if (start === -1) {
  text = lines.join('\n').trimEnd() + '\n\n' + section;
} else {
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end === -1) end = lines.length;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  text = before + '\n' + section + (after ? '\n' + after : '');
}
writeFileSync(file, text);
