/** Rewrites docs/PROTOCOL.md §11 from the reference lock: `npm run docs:examples`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { packagePath } from '../../host/package-root.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { BEGIN_MARKER, END_MARKER, renderWorkedExamples } from './worked-examples.js';

const path = packagePath('docs', 'PROTOCOL.md');
const text = readFileSync(path, 'utf8');
const begin = text.indexOf(BEGIN_MARKER);
const end = text.indexOf(END_MARKER);
if (begin < 0 || end < begin) throw new Error(`${path}: the worked-examples markers are missing`);
const rendered = renderWorkedExamples((entropy) => new ReferenceLock({ entropy, backend: nobleBackend }), loadProfileByName('reference-m0plus'));
writeFileSync(path, text.slice(0, begin) + rendered + text.slice(end + END_MARKER.length));
console.log(`${path}: §11 written`);
