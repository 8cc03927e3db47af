// Which `docwright` executable the extension starts. Kept free of the `vscode` module so that
// `scripts/test-server-path.mjs` runs it under plain Node.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A place the executable may be, and where that place comes from (shown to the user). */
export interface Candidate {
  command: string;
  source: 'setting' | 'bundled' | 'path';
}

/** What trying one candidate gave. */
export interface Probe {
  candidate: Candidate;
  /** The first line `--version` printed, when it ran. */
  version?: string;
  /** Why it did not run: the error's message, cut to one line. */
  failure?: string;
}

/**
 * The executables to try, in order: the `docwright.path` setting alone when it is set (the user
 * asked for that one, so no other is started behind their back); else the binary bundled in the
 * extension's `bin/` when the file exists, then `docwright` on `PATH`.
 */
export function serverCandidates(
  configured: string | undefined,
  extensionPath: string,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = fs.existsSync,
): Candidate[] {
  if (configured && configured.trim() !== '') {
    return [{ command: configured.trim(), source: 'setting' }];
  }
  const candidates: Candidate[] = [];
  const bundled = path.join(extensionPath, 'bin', platform === 'win32' ? 'docwright.exe' : 'docwright');
  if (exists(bundled)) {
    candidates.push({ command: bundled, source: 'bundled' });
  }
  candidates.push({ command: 'docwright', source: 'path' });
  return candidates;
}

/**
 * Runs `command --version`. A bundled binary built for another platform exists but fails here
 * (ENOEXEC, or a loader error), so existing is not enough: it must run.
 */
export function probe(candidate: Candidate, timeoutMs = 5000): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(candidate.command, ['--version'], { timeout: timeoutMs }, (error, stdout) => {
      if (error) {
        const failure = String(error.message).split('\n')[0];
        resolve({ candidate, failure });
      } else {
        resolve({ candidate, version: stdout.split('\n')[0].trim() });
      }
    });
  });
}

/** The first candidate that runs, and every probe made on the way (for the output channel). */
export async function chooseServer(
  candidates: Candidate[],
  run: (candidate: Candidate) => Promise<Probe> = probe,
): Promise<{ chosen?: Candidate; probes: Probe[] }> {
  const probes: Probe[] = [];
  for (const candidate of candidates) {
    const result = await run(candidate);
    probes.push(result);
    if (result.failure === undefined) {
      return { chosen: candidate, probes };
    }
  }
  return { probes };
}

/** One sentence for the notification when nothing runs; the details go to the output channel. */
export function noServerMessage(probes: Probe[]): string {
  const tried = probes.map((p) => {
    switch (p.candidate.source) {
      case 'setting':
        return `"docwright.path" (${p.candidate.command}) does not run`;
      case 'bundled':
        return 'the bundled binary does not run on this platform';
      case 'path':
        return 'no docwright on PATH';
    }
  });
  return `Docwright cannot start its language server: ${tried.join('; ')}.`;
}
