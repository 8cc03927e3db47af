// Tests of src/serverPath.ts under plain Node (no VS Code): which executable the extension starts.
// Bundles the module with esbuild into a temporary file, then runs real executables: a bundled
// binary built for another platform (bytes the kernel cannot execute) must fall back to PATH.
// Usage: node scripts/test-server-path.mjs
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const here = path.dirname(new URL(import.meta.url).pathname);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docwright-server-path-'));
const bundle = path.join(scratch, 'serverPath.cjs');
await esbuild.build({
  entryPoints: [path.join(here, '..', 'src', 'serverPath.ts')],
  bundle: true,
  outfile: bundle,
  format: 'cjs',
  platform: 'node',
  logLevel: 'silent',
});
const { serverCandidates, chooseServer, noServerMessage } = createRequire(import.meta.url)(bundle);

function executable(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o755);
}

// An extension folder whose bundled binary is for another platform, and a PATH with a working one.
const extension = path.join(scratch, 'extension');
executable(path.join(extension, 'bin', 'docwright'), Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]));
const onPath = path.join(scratch, 'path-bin');
executable(path.join(onPath, 'docwright'), '#!/bin/sh\necho "docwright 0.1.0 (on PATH)"\n');

test('the setting alone is tried when it is set', () => {
  const candidates = serverCandidates('  /opt/docwright  ', extension);
  assert.deepEqual(candidates, [{ command: '/opt/docwright', source: 'setting' }]);
});

test('the bundled binary comes before PATH, and only when it exists', () => {
  assert.deepEqual(
    serverCandidates('', extension).map((c) => c.source),
    ['bundled', 'path'],
  );
  assert.deepEqual(
    serverCandidates(undefined, path.join(scratch, 'no-such-extension')).map((c) => c.source),
    ['path'],
  );
});

test('a bundled binary that does not run here falls back to docwright on PATH', async () => {
  const savedPath = process.env.PATH;
  process.env.PATH = `${onPath}${path.delimiter}${savedPath}`;
  try {
    const { chosen, probes } = await chooseServer(serverCandidates('', extension));
    assert.equal(chosen?.source, 'path');
    assert.equal(probes.length, 2);
    assert.ok(probes[0].failure, 'the bundled binary failed to run');
    assert.equal(probes[1].version, 'docwright 0.1.0 (on PATH)');
  } finally {
    process.env.PATH = savedPath;
  }
});

test('when nothing runs, one short message names what was tried', async () => {
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(scratch, 'empty');
  try {
    const { chosen, probes } = await chooseServer(serverCandidates('', extension));
    assert.equal(chosen, undefined);
    assert.equal(
      noServerMessage(probes),
      'Docwright cannot start its language server: the bundled binary does not run on this platform; no docwright on PATH.',
    );
  } finally {
    process.env.PATH = savedPath;
  }
});
