// The Docwright extension: starts `docwright lsp --stdio` and translates between VS Code and the
// language server. Everything about documents (diagnostics, fixes, symbols, new files) comes from
// the server; this file only finds the binary, forwards settings, and wires palette commands.
import * as vscode from 'vscode';
import {
  DocumentSymbol,
  DocumentSymbolRequest,
  Location,
  Position,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageclient/node';
import { chooseServer, noServerMessage, serverCandidates } from './serverPath';

const SECTION = 'docwright';

/** The palette commands that create a document, and the kind id the server knows them by. */
const NEW_DOCUMENT_COMMANDS: ReadonlyArray<{ command: string; kind: string; label: string }> = [
  { command: 'docwright.newAdr', kind: 'adr', label: 'ADR' },
  { command: 'docwright.newRfc', kind: 'rfc', label: 'RFC' },
  { command: 'docwright.newDesignDoc', kind: 'design-doc', label: 'design doc' },
  { command: 'docwright.newPostMortem', kind: 'postmortem', label: 'post-mortem' },
];

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Docwright');
  statusItem = vscode.window.createStatusBarItem('docwright.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Docwright';
  context.subscriptions.push(output, statusItem);

  for (const { command, kind, label } of NEW_DOCUMENT_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command, () => newDocument(kind, label)));
  }
  // Palette command ids differ from the server's (`docwright.supersede`…): the language client
  // registers every command the server announces under its own id, and VS Code refuses a second
  // registration, which would fail the client's start.
  context.subscriptions.push(
    vscode.commands.registerCommand('docwright.supersedeActive', supersede),
    vscode.commands.registerCommand('docwright.refreshIndex', refreshIndex),
    vscode.commands.registerCommand('docwright.makeActive', makeActive),
    vscode.commands.registerCommand('docwright.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // A new binary path needs a new process; everything else the running server takes live.
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        await stopClient();
        await startClient(context);
      } else if (event.affectsConfiguration(SECTION)) {
        await client?.sendNotification('workspace/didChangeConfiguration', {
          settings: { [SECTION]: serverSettings() },
        });
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => scheduleStatusUpdate()),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) {
        scheduleStatusUpdate();
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

/** The settings the server reads (see `server/lsp/src/lib.rs`), from the `docwright` section. */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    rules: config.get<Record<string, string>>('rules', {}),
    kinds: config.get<Record<string, boolean>>('kinds', {}),
    logLevel: config.get<string>('logLevel', 'warn'),
    diagnosticsDelayMs: config.get<number>('diagnosticsDelayMs', 200),
    inlayHints: config.get<string>('inlayHints', 'outOfProse'),
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const candidates = serverCandidates(
    vscode.workspace.getConfiguration(SECTION).get<string>('path'),
    context.extensionPath,
  );
  const { chosen, probes } = await chooseServer(candidates);
  for (const p of probes) {
    output?.appendLine(
      `${p.candidate.source} ${p.candidate.command}: ${p.version ?? `does not run (${p.failure})`}`,
    );
  }
  if (!chosen) {
    void showStartFailure(noServerMessage(probes));
    return;
  }
  const command = chosen.command;
  output?.appendLine(`starting ${command} lsp --stdio`);
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp', '--stdio'] },
    debug: { command, args: ['lsp', '--stdio'] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    initializationOptions: serverSettings(),
    outputChannel: output,
    middleware: {
      // The server's code lenses ("cited by 3 docs") run `docwright.showReferences`, a server
      // command the client registers; here it opens VS Code's own references peek instead, with
      // the lens's arguments (`[uri, position, locations]`, in protocol form).
      executeCommand: async (command, args, next) => {
        if (command === 'docwright.showReferences' && args.length >= 3) {
          return showReferences(args[0] as string, args[1] as Position, args[2] as Location[]);
        }
        return next(command, args);
      },
    },
    // Diagnostics are pulled: the server does not push them to a client that pulls, so VS Code
    // shows each problem once.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/docwright.toml'),
    },
  };
  // The client reads `docwright.trace.server` itself: the id names the setting.
  client = new LanguageClient(SECTION, 'Docwright', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(`${command} lsp --stdio failed: ${message}`);
    void showStartFailure(`Docwright could not start its language server (${command}).`);
    client = undefined;
    return;
  }
  scheduleStatusUpdate();
}

/**
 * The one notification when the server cannot start: short enough not to be cut off, with the
 * two ways out (the setting that names the binary, and the log that says what was tried).
 */
async function showStartFailure(message: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(message, openSettings, showOutput);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
  } else if (choice === showOutput) {
    output?.show(true);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
  statusItem?.hide();
}

let statusTimer: NodeJS.Timeout | undefined;

/** Typing fires many changes: ask the server once the typing pauses. */
function scheduleStatusUpdate(): void {
  if (statusTimer) {
    clearTimeout(statusTimer);
  }
  statusTimer = setTimeout(() => void updateStatus(), 300);
}

/**
 * Shows the active document's kind and status, which the server puts in the detail of the title
 * symbol (`Architecture decision record (Nygard) · Accepted`).
 */
async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!client || !statusItem || !document || document.languageId !== 'markdown' || document.uri.scheme !== 'file') {
    statusItem?.hide();
    return;
  }
  let symbols: DocumentSymbol[] | SymbolInformation[] | null;
  try {
    symbols = await client.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
    });
  } catch {
    statusItem.hide();
    return;
  }
  if (vscode.window.activeTextEditor?.document !== document) {
    return; // the user moved on while the server answered
  }
  const detail = titleDetail(symbols);
  if (!detail) {
    statusItem.hide();
    return;
  }
  statusItem.text = `$(book) ${detail}`;
  statusItem.tooltip = `Docwright: ${detail}`;
  statusItem.show();
}

/** The detail of the first top-level symbol that has one: only the title symbol carries it. */
export function titleDetail(symbols: DocumentSymbol[] | SymbolInformation[] | null): string | undefined {
  for (const symbol of symbols ?? []) {
    if ('detail' in symbol && symbol.detail) {
      return symbol.detail;
    }
  }
  return undefined;
}

/** Whether the running server announced this `workspace/executeCommand` command. */
function serverOffers(command: string): boolean {
  const offered = client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  return offered.includes(command);
}

/**
 * What `workspace/executeCommand` answers for the authoring commands (`server/lsp/src/commands.rs`):
 * the server has already sent its edit with `workspace/applyEdit` (which the client applies) and
 * says whether it was applied; `uri` is the file `docwright.new` created.
 */
interface CommandAnswer {
  applied: boolean;
  edit: WorkspaceEdit | null;
  uri?: string;
}

function isCommandAnswer(value: unknown): value is CommandAnswer {
  return typeof value === 'object' && value !== null && typeof (value as CommandAnswer).applied === 'boolean';
}

/**
 * Runs a server command through the language client and returns the files it created, to open
 * them. Also takes a bare WorkspaceEdit as the answer (a server that leaves applying to us).
 */
async function executeServerCommand(command: string, args: unknown[]): Promise<vscode.Uri[] | undefined> {
  if (!client) {
    void vscode.window.showErrorMessage('The Docwright language server is not running.');
    return undefined;
  }
  if (!serverOffers(command)) {
    void vscode.window.showErrorMessage(
      `This docwright server does not offer "${command}"; update docwright.`,
    );
    return undefined;
  }
  let result: unknown;
  try {
    result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Docwright: ${message}`);
    return undefined;
  }
  if (isCommandAnswer(result)) {
    if (result.edit === null) {
      void vscode.window.showInformationMessage('Docwright: nothing to change.');
      return [];
    }
    if (!result.applied) {
      void vscode.window.showErrorMessage(`Docwright: the edit of "${command}" was not applied.`);
      return undefined;
    }
    return result.uri ? [vscode.Uri.parse(result.uri)] : createdFiles(result.edit);
  }
  if (!isWorkspaceEdit(result)) {
    return [];
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Docwright: the edit of "${command}" could not be applied.`);
    return undefined;
  }
  return createdFiles(result);
}

function isWorkspaceEdit(value: unknown): value is WorkspaceEdit {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('documentChanges' in value || 'changes' in value)
  );
}

function createdFiles(edit: WorkspaceEdit): vscode.Uri[] {
  const created: vscode.Uri[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change && change.kind === 'create') {
      created.push(vscode.Uri.parse(change.uri));
    }
  }
  return created;
}

/**
 * Shows the files a command created. A workspace edit leaves its text in unsaved editors; a new
 * document is saved at once, so that it exists on disk as `docwright new` would write it.
 */
async function openAll(uris: vscode.Uri[] | undefined): Promise<void> {
  for (const uri of uris ?? []) {
    const editor = await vscode.window.showTextDocument(uri);
    if (editor.document.isDirty) {
      await editor.document.save();
    }
  }
}

async function newDocument(kind: string, label: string): Promise<void> {
  const title = await vscode.window.showInputBox({
    title: `Docwright: New ${label}`,
    prompt: `Title of the new ${label}`,
    placeHolder: 'Use PostgreSQL for persistence',
    validateInput: (value) => (value.trim() === '' ? 'The title cannot be empty.' : undefined),
  });
  if (title === undefined) {
    return; // cancelled
  }
  await openAll(await executeServerCommand('docwright.new', [{ kind, title: title.trim() }]));
}

/** Supersede the active record by another one the user picks among the workspace's Markdown files. */
async function supersede(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!client || !document || document.languageId !== 'markdown' || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Open the decision record to supersede first.');
    return;
  }
  const candidates = (await vscode.workspace.findFiles('**/*.md', '**/node_modules/**', 2000))
    .filter((uri) => uri.toString() !== document.uri.toString())
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(candidates, {
    title: 'Docwright: Supersede',
    placeHolder: `The record that supersedes ${vscode.workspace.asRelativePath(document.uri)}`,
    matchOnDescription: true,
  });
  if (!picked) {
    return; // cancelled
  }
  const converter = client.code2ProtocolConverter;
  await openAll(
    await executeServerCommand('docwright.supersede', [
      { old: converter.asUri(document.uri), new: converter.asUri(picked.uri) },
    ]),
  );
}

/** The kinds a document can be made into, by the server's kind ids. */
const KINDS: ReadonlyArray<{ kind: string; label: string }> = [
  { kind: 'adr', label: 'ADR (Nygard)' },
  { kind: 'madr', label: 'MADR' },
  { kind: 'rfc', label: 'RFC' },
  { kind: 'design-doc', label: 'Design document' },
  { kind: 'postmortem', label: 'Post-mortem' },
  { kind: 'strategy', label: 'Strategy' },
];

/**
 * The "Make this a …" / "Fill with the … template" code actions from the palette: the server's
 * `docwright.fill` for an empty document, else `docwright.make`, which keeps the text.
 */
async function makeActive(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!client || !document || document.languageId !== 'markdown' || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Open the Markdown document to make into a design doc first.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    KINDS.map(({ kind, label }) => ({ label, description: kind, id: kind })),
    { title: 'Docwright: Make this document a…' },
  );
  if (!picked) {
    return; // cancelled
  }
  const command = document.getText().trim() === '' ? 'docwright.fill' : 'docwright.make';
  await executeServerCommand(command, [
    { document: client.code2ProtocolConverter.asUri(document.uri), kind: picked.id },
  ]);
}

async function refreshIndex(): Promise<void> {
  await openAll(await executeServerCommand('docwright.index', []));
}

/** Opens VS Code's references peek for a code lens of the server: `[uri, position, locations]`. */
async function showReferences(uri: string, position: Position, locations: Location[]): Promise<void> {
  if (!client) {
    return;
  }
  const converter = client.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    converter.asUri(uri),
    converter.asPosition(position),
    locations.map((location) => converter.asLocation(location)),
  );
}
