-- The Docwright Neovim plugin, exercised in a real headless Neovim against the real server:
--
--   DOCWRIGHT_BIN=target/release/docwright nvim --headless -u NONE -l tests/editors/nvim/test.lua
--
-- Loads editors/nvim through the runtimepath, opens a fixture ADR missing its Consequences
-- section, waits for the `missing-section` diagnostic, applies its quick fix and checks the
-- buffer, checks the completion offered on a new `## ` heading and after `ADR-`, runs :DocwrightNew,
-- :DocwrightSupersede and :DocwrightIndex when the server offers them, and runs
-- `:checkhealth docwright`. Results go to standard output (`print` goes to stderr under `-l`); the
-- exit status is 0 when every check passes, 1 otherwise, 124 when the watchdog ends a hung run.

local TIMEOUT_MS = tonumber(vim.env.DOCWRIGHT_TEST_TIMEOUT_MS) or 60000
local WAIT_MS = 20000

local script = debug.getinfo(1, 'S').source:sub(2)
local h = dofile(vim.fs.dirname(script) .. '/harness.lua').new('nvim', TIMEOUT_MS)
local say, check, finish = h.say, h.check, h.finish
local repo = vim.fs.normalize(vim.fn.fnamemodify(script, ':p:h:h:h:h'))

local function pick_binary()
  if vim.env.DOCWRIGHT_BIN and vim.env.DOCWRIGHT_BIN ~= '' then
    return vim.fn.fnamemodify(vim.env.DOCWRIGHT_BIN, ':p')
  end
  for _, profile in ipairs({ 'release', 'debug' }) do
    local candidate = repo .. '/target/' .. profile .. '/docwright'
    if vim.fn.executable(candidate) == 1 then
      return candidate
    end
  end
  return nil
end


local binary = pick_binary()
if not binary then
  say('FAIL no docwright binary: build it (cargo build --release) or set DOCWRIGHT_BIN')
  os.exit(2)
end
say(('nvim %s, server %s'):format(tostring(vim.version()), binary))

-- A copy of the fixture workspace, since the quick fix edits files and the server reads the folder.
local workspace = vim.fn.tempname()
vim.fn.mkdir(workspace, 'p')
vim.fn.system({ 'cp', '-R', repo .. '/tests/editors/nvim/workspace/.', workspace })
assert(vim.v.shell_error == 0, 'copying the fixture workspace failed')
workspace = vim.fs.normalize(vim.uv.fs_realpath(workspace))

vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.o.swapfile = false

-- DOCWRIGHT_NVIM_LSP_START=1 takes the Neovim 0.10 path (`vim.lsp.start` from a FileType
-- autocommand) even on a Neovim that has `vim.lsp.enable`.
local legacy_start = vim.env.DOCWRIGHT_NVIM_LSP_START == '1'
say('starting the server with ' .. ((legacy_start or vim.lsp.enable == nil) and 'vim.lsp.start' or 'vim.lsp.enable'))
local docwright = require('docwright')
local options = { cmd = { binary, 'lsp' } }
if legacy_start then
  options.lsp_enable = false
end
check(docwright.setup(options), 'setup() finds the binary and enables the server')
if legacy_start then
  check(vim.fn.exists('#docwright#FileType') == 1, 'the FileType autocommand is installed')
else
  local config = vim.lsp.config.docwright
  check(config ~= nil and config.cmd[1] == binary, 'vim.lsp.config holds the docwright server', vim.inspect(config))
  check(vim.fn.exists('#docwright#FileType') == 0, 'no FileType autocommand of its own')
end
for _, command in ipairs({ 'DocwrightNew', 'DocwrightSupersede', 'DocwrightIndex' }) do
  check(vim.fn.exists(':' .. command) == 2, ':' .. command .. ' exists')
end

local adr_path = workspace .. '/docs/adr/0001-use-postgres.md'
vim.cmd.edit(vim.fn.fnameescape(adr_path))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'markdown', 'the ADR is a markdown buffer', vim.bo[bufnr].filetype)

local client = h.attached_client(docwright.name, bufnr, WAIT_MS)
check(client.root_dir == workspace, 'the root is the folder holding docwright.toml', tostring(client.root_dir))

local function missing_section_diagnostics()
  return vim.tbl_filter(function(d)
    return d.code == 'missing-section'
  end, vim.diagnostic.get(bufnr))
end

local found = vim.wait(WAIT_MS, function()
  return #missing_section_diagnostics() > 0
end, 50)
local diagnostic = missing_section_diagnostics()[1]
if not check(found and diagnostic ~= nil, 'the missing-section diagnostic arrives', vim.inspect(vim.diagnostic.get(bufnr))) then
  finish()
end
check(diagnostic.message:find('Consequences', 1, true) ~= nil, 'it names the Consequences section', diagnostic.message)
check(diagnostic.source == 'docwright', 'its source is docwright', tostring(diagnostic.source))

-- The code actions at the diagnostic, as the editor's code-action menu asks for them.
local lsp_diagnostic = diagnostic.user_data and diagnostic.user_data.lsp
local reply = client:request_sync('textDocument/codeAction', {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
  range = lsp_diagnostic.range,
  context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
}, WAIT_MS, bufnr)
local actions = (reply and reply.result) or {}
local fix
for _, action in ipairs(actions) do
  if action.title and action.title:find('Consequences', 1, true) then
    fix = action
  end
end
if not check(fix ~= nil, 'a quick fix is offered for the missing section', vim.inspect(actions)) then
  finish()
end
check(fix.kind == 'quickfix', 'the action is a quickfix', tostring(fix.kind))
if fix.edit == nil then
  -- The server computes edits lazily for clients that can resolve them, as Neovim can.
  local resolved = client:request_sync('codeAction/resolve', fix, WAIT_MS, bufnr)
  fix = resolved and resolved.result or fix
end
if not check(fix.edit ~= nil, 'the quick fix carries a workspace edit', vim.inspect(fix)) then
  finish()
end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)

local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
local decision_at = text:find('## Decision', 1, true)
local consequences_at = text:find('## Consequences', 1, true)
check(consequences_at ~= nil, 'the buffer now has a Consequences section', text)
check(decision_at ~= nil and consequences_at ~= nil and consequences_at > decision_at, 'it comes after Decision', text)
check(text:find('We will use PostgreSQL 16 for every new service.', 1, true) ~= nil, 'the existing text is kept', text)

local cleared = vim.wait(WAIT_MS, function()
  return #missing_section_diagnostics() == 0
end, 50)
check(cleared, 'the diagnostic goes away once the section is there', vim.inspect(missing_section_diagnostics()))

-- Completion on a heading being typed, in a second ADR that lacks Decision and Consequences.
vim.cmd.edit(vim.fn.fnameescape(workspace .. '/docs/adr/0002-adopt-kafka.md'))
local second = vim.api.nvim_get_current_buf()
vim.wait(WAIT_MS, function()
  return docwright.get_client(second) ~= nil
end, 50)
check(docwright.get_client(second) == client, 'the second ADR shares the client of the workspace')
local last_line = vim.api.nvim_buf_line_count(second)
vim.api.nvim_buf_set_lines(second, last_line, last_line, false, { '## ' })
-- Where the cursor stands in insert mode after typing `## ` (normal mode cannot stand past it).
local completion = client:request_sync('textDocument/completion', {
  textDocument = vim.lsp.util.make_text_document_params(second),
  position = { line = last_line, character = 3 },
}, WAIT_MS, second)
local result = completion and completion.result or {}
local items = result.items or result
local labels = vim.tbl_map(function(item)
  return item.label
end, items)
check(vim.deep_equal(labels, { 'Decision', 'Consequences' }), 'a new `## ` heading offers the missing sections in order', vim.inspect(labels))

-- Cross-reference completion after `ADR-`: the workspace's other ADR, never the doc itself. The
-- workspace is indexed in the background, so ask again until the index has it.
local reference_line = vim.api.nvim_buf_line_count(second)
local typed = 'This builds on ADR-'
vim.api.nvim_buf_set_lines(second, reference_line, reference_line, false, { typed })
local reference_labels = {}
local reference_items = {}
vim.wait(WAIT_MS, function()
  local reply = client:request_sync('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(second),
    position = { line = reference_line, character = #typed },
  }, WAIT_MS, second)
  local answer = reply and reply.result or {}
  reference_items = answer.items or answer
  reference_labels = vim.tbl_map(function(item)
    return item.label
  end, reference_items)
  return vim.tbl_contains(reference_labels, 'ADR-0001')
end, 200)
check(vim.tbl_contains(reference_labels, 'ADR-0001'), '`ADR-` offers ADR-0001 from the workspace index', vim.inspect(reference_labels))
check(not vim.tbl_contains(reference_labels, 'ADR-0002'), '`ADR-` does not offer the document itself', vim.inspect(reference_labels))
local use_postgres
for _, item in ipairs(reference_items) do
  if item.label == 'ADR-0001' then
    use_postgres = item
  end
end
if use_postgres then
  check(tostring(use_postgres.detail):find('Use PostgreSQL', 1, true) ~= nil, 'the item shows the title of ADR-0001', vim.inspect(use_postgres))
  -- Accepting the item applies its text edit, as the completion menu does.
  vim.lsp.util.apply_text_edits({ use_postgres.textEdit }, second, client.offset_encoding)
  local accepted = vim.api.nvim_buf_get_lines(second, reference_line, reference_line + 1, false)[1]
  check(accepted == 'This builds on ADR-0001', 'accepting it writes ADR-0001', accepted)
end
-- Leave the buffer as the commands below expect it.
vim.api.nvim_buf_set_lines(second, reference_line, reference_line + 1, false, {})

-- The authoring commands, through the user commands, as `workspace/executeCommand`; the server
-- applies its edits with `workspace/applyEdit`.
local function buffer_text(path)
  local buf = vim.fn.bufnr(path)
  if buf == -1 or not vim.api.nvim_buf_is_loaded(buf) then
    return nil
  end
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function run_command(ex_command)
  -- Remember the reply by wrapping the handler the plugin passes.
  local reply
  local original_exec = docwright.exec
  docwright.exec = function(command, arguments, opts)
    opts = vim.tbl_extend('force', opts or {}, {
      on_result = function(err, result)
        reply = { err = err, result = result }
      end,
    })
    return original_exec(command, arguments, opts)
  end
  vim.cmd(ex_command)
  docwright.exec = original_exec
  vim.wait(WAIT_MS, function()
    return reply ~= nil
  end, 50)
  return reply
end

local provider = client.server_capabilities.executeCommandProvider
local server_commands = provider and provider.commands or {}
if vim.tbl_contains(server_commands, 'docwright.new') then
  vim.cmd.edit(vim.fn.fnameescape(adr_path))
  local created = workspace .. '/docs/adr/0003-adopt-kafka-streams.md'
  local new_reply = run_command('DocwrightNew adr Adopt Kafka Streams')
  check(new_reply ~= nil and new_reply.err == nil and new_reply.result.applied == true, ':DocwrightNew is applied', vim.inspect(new_reply))
  local created_text = buffer_text(created)
  check(created_text ~= nil and created_text:find('# 3. Adopt Kafka Streams', 1, true) ~= nil, ':DocwrightNew creates ADR 3 from the template, numbered after 0002', tostring(created_text))

  vim.cmd.edit(vim.fn.fnameescape(adr_path))
  local supersede_reply = run_command('DocwrightSupersede 1 2')
  check(supersede_reply ~= nil and supersede_reply.err == nil and supersede_reply.result.applied == true, ':DocwrightSupersede is applied', vim.inspect(supersede_reply))
  local old_text = buffer_text(adr_path) or ''
  local new_text = buffer_text(workspace .. '/docs/adr/0002-adopt-kafka.md') or ''
  check(old_text:find('0002-adopt-kafka.md', 1, true) ~= nil and old_text:lower():find('superseded', 1, true) ~= nil, 'ADR 1 is marked superseded, with a link to ADR 2', old_text)
  check(new_text:find('0001-use-postgres.md', 1, true) ~= nil and new_text:find('Supersedes', 1, true) ~= nil, 'ADR 2 says it supersedes ADR 1, with a link', new_text)

  local index_reply = run_command('DocwrightIndex docs/adr')
  check(index_reply ~= nil and index_reply.err == nil and index_reply.result.applied == true, ':DocwrightIndex is applied', vim.inspect(index_reply))
  local index_uri = index_reply and index_reply.result and index_reply.result.uri
  local index_text = index_uri and buffer_text(vim.uri_to_fname(index_uri)) or ''
  check(index_text:find('docwright:index', 1, true) ~= nil and index_text:find('Use PostgreSQL', 1, true) ~= nil, ':DocwrightIndex writes the index of the decisions', index_text)

  -- ADR 2 now cites ADR 1: the "cited by" lens on ADR 1's title lists it in the quickfix list.
  vim.cmd('silent wall')
  vim.cmd.edit(vim.fn.fnameescape(adr_path))
  local adr_buf = vim.api.nvim_get_current_buf()
  local lens
  vim.wait(WAIT_MS, function()
    local replies = vim.lsp.buf_request_sync(adr_buf, 'textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(adr_buf) }, 2000) or {}
    for _, reply in pairs(replies) do
      for _, candidate in ipairs(reply.result or {}) do
        if candidate.command and candidate.command.command == 'docwright.showReferences' then
          lens = candidate
        end
      end
    end
    return lens ~= nil
  end, 100)
  if check(lens ~= nil, 'ADR 1 has a "cited by" code lens', vim.inspect(lens)) then
    vim.lsp.commands['docwright.showReferences'](lens.command, { client_id = client.id, bufnr = adr_buf })
    local items = vim.fn.getqflist()
    local names = vim.tbl_map(function(item)
      return vim.api.nvim_buf_get_name(item.bufnr)
    end, items)
    check(#items > 0 and table.concat(names, ' '):find('0002-adopt-kafka.md', 1, true) ~= nil, 'the lens lists ADR 2 in the quickfix list', vim.inspect(names))
    vim.cmd('cclose')
  end
else
  say('skip the authoring commands: this server does not offer docwright.new')
end

-- :checkhealth docwright reports the binary's version and the attached client.
vim.cmd('checkhealth docwright')
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
local version = vim.trim(vim.fn.system({ binary, '--version' }))
check(report:find(version, 1, true) ~= nil, ':checkhealth docwright shows the binary and its version', report)
check(report:find('0001-use-postgres.md', 1, true) ~= nil, ':checkhealth docwright lists the attached buffers', report)
check(report:find('ERROR', 1, true) == nil, ':checkhealth docwright reports no error', report)

finish()
