-- Issue 13 in a real headless Neovim, which pulls diagnostics without declaring refresh support:
--
--   DOCWRIGHT_BIN=target/release/docwright nvim --headless -u NONE -i NONE -l tests/editors/nvim/first_open.lua
--
-- A log of 1,500 records is generated; the first record, opened at once while the server is still
-- indexing, cites ADR 2 by id, by link and by a wiki link with spaces in its heading. Checks: the
-- first diagnostics Neovim shows hold no false "does not exist" / "no document is ADR 2" (only the
-- truly missing ADR-9999 is reported), completion rows after `ADR-` carry the title in
-- `labelDetails` and in the row Neovim's menu shows (with a superseded record's status normalised),
-- the wiki link with spaces goes to its heading, and a wiki link by a document's title (not its file
-- name) goes to it; a clean line offers no code action. Exit 0 when every check
-- passes, 1 otherwise, 124 when the watchdog ends a hung run.

local TIMEOUT_MS = tonumber(vim.env.DOCWRIGHT_TEST_TIMEOUT_MS) or 90000
local WAIT_MS = 30000
local RECORDS = 1500

local script = debug.getinfo(1, 'S').source:sub(2)
local h = dofile(vim.fs.dirname(script) .. '/harness.lua').new('nvim first open', TIMEOUT_MS)
local say, check, finish = h.say, h.check, h.finish
local repo = vim.fs.normalize(vim.fn.fnamemodify(script, ':p:h:h:h:h'))
local binary = vim.env.DOCWRIGHT_BIN and vim.fn.fnamemodify(vim.env.DOCWRIGHT_BIN, ':p')
  or (repo .. '/target/release/docwright')
if vim.fn.executable(binary) ~= 1 then
  say('FAIL no docwright binary at ' .. binary)
  os.exit(2)
end


local function write(path, text)
  local file = assert(io.open(path, 'w'))
  file:write(text)
  file:close()
end

-- The workspace: a docwright.toml root and a log of numbered records.
local workspace = vim.fn.tempname()
local folder = workspace .. '/docs/adr'
vim.fn.mkdir(folder, 'p')
workspace = vim.fs.normalize(vim.uv.fs_realpath(workspace))
folder = workspace .. '/docs/adr'
write(workspace .. '/docwright.toml', '# The root of the first-open test workspace.\n')
for n = 2, RECORDS + 1 do
  -- ADR 3 is superseded as adr-tools writes it: its status line is no status to show as written.
  local status = n == 3 and 'Superceded by [4. Decision 4](0004-decision-4.md)' or 'Accepted'
  -- ADR 5's title is not its file name: a wiki link by title must find it by the title.
  local title = n == 5 and 'Order search' or ('Decision %d'):format(n)
  write(
    ('%s/%04d-decision-%d.md'):format(folder, n, n),
    ('# %d. %s\n\nDate: 2024-05-01\n\n## Status\n\n%s\n\n## Context and Scope\n\nC.\n\n'
      .. '## Decision\n\nD.\n\n## Consequences\n\nE.\n'):format(n, title, status)
  )
end
local first = folder .. '/0001-record-decisions.md'
write(
  first,
  '# 1. Record decisions\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\n'
    .. 'See ADR-0002, [the second](0002-decision-2.md) and [[0002-decision-2#Context and Scope]], and ADR-9999.\n'
    .. 'By its title: [[Order search]].\n\n'
    .. '## Decision\n\nD.\n\n## Consequences\n\nE.\n'
)

vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.o.swapfile = false
local docwright = require('docwright')
check(docwright.setup({ cmd = { binary, 'lsp' } }), 'setup() enables the server')

vim.cmd.edit(vim.fn.fnameescape(first))
local bufnr = vim.api.nvim_get_current_buf()

-- Every set of diagnostics Neovim shows for the buffer, in order, from the first one on.
local shown = {}
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  buffer = bufnr,
  callback = function()
    local messages = vim.tbl_map(function(d)
      return tostring(d.code) .. ': ' .. d.message
    end, vim.diagnostic.get(bufnr))
    table.insert(shown, messages)
  end,
})

local client = h.attached_client(docwright.name, bufnr, WAIT_MS)
local declares_refresh = vim.tbl_get(client.capabilities or {}, 'workspace', 'diagnostics', 'refreshSupport')
say('this Neovim declares workspace.diagnostics.refreshSupport: ' .. tostring(declares_refresh))

local function mentions(messages, needle)
  for _, m in ipairs(messages) do
    if m:find(needle, 1, true) then
      return true
    end
  end
  return false
end

local arrived = vim.wait(WAIT_MS, function()
  for _, messages in ipairs(shown) do
    if mentions(messages, 'ADR-9999') or mentions(messages, '9999') then
      return true
    end
  end
  return false
end, 50)
check(arrived, 'the diagnostics arrive, with the truly missing ADR-9999', vim.inspect(shown))
-- Let any later push or pull land, then look at everything that was ever shown.
vim.wait(2000)
local false_findings = {}
for _, messages in ipairs(shown) do
  for _, m in ipairs(messages) do
    if m:find('0002', 1, true) or m:find('ADR 2', 1, true) or m:find('ADR-0002', 1, true) or m:find('Context and Scope', 1, true)
      or m:find('Order search', 1, true) then
      table.insert(false_findings, m)
    end
  end
end
check(#false_findings == 0, 'no false finding about ADR 2 was ever shown, from the first answer on', vim.inspect(false_findings))

-- Completion rows after `ADR-` carry the title in labelDetails (shown in the menu's row).
local line = vim.api.nvim_buf_line_count(bufnr)
local typed = 'Later: ADR-000'
vim.api.nvim_buf_set_lines(bufnr, line, line, false, { typed })
local item, superseded_item, answer
vim.wait(WAIT_MS, function()
  local reply = client:request_sync('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = line, character = #typed },
  }, WAIT_MS, bufnr)
  answer = reply and reply.result or {}
  for _, candidate in ipairs(answer.items or answer) do
    if candidate.label == 'ADR-0002' then
      item = candidate
    elseif candidate.label == 'ADR-0003' then
      superseded_item = candidate
    end
  end
  return item ~= nil and superseded_item ~= nil
end, 200)
check(
  item ~= nil and item.labelDetails ~= nil
    and (tostring(item.labelDetails.detail) .. ' ' .. tostring(item.labelDetails.description)):find('Decision 2', 1, true) ~= nil,
  'the ADR-0002 completion row carries its title in labelDetails',
  vim.inspect(item)
)
-- The rows as Neovim's own completion menu shows them (`vim.lsp.completion`, the conversion
-- behind its omnifunc and autocompletion): the menu column is the item's `detail`, so the title is
-- in the row, and a superseded record's status is shown normalised, never as its raw line.
local to_rows = vim.lsp.completion and vim.lsp.completion._lsp_to_complete_items
if check(to_rows ~= nil, "this Neovim converts completion items to menu rows (vim.lsp.completion)") then
  local rows = {}
  for _, row in ipairs(to_rows(answer, 'ADR-000', client.id)) do
    rows[row.abbr] = (row.abbr or '') .. '  ' .. (row.menu or '')
  end
  local row2, row3 = rows['ADR-0002'] or '', rows['ADR-0003'] or ''
  say('menu rows: ' .. row2 .. ' | ' .. row3)
  check(row2:find('Decision 2', 1, true) ~= nil, "ADR-0002's menu row shows its title", vim.inspect(rows))
  check(
    row3:find('Decision 3', 1, true) ~= nil and row3:find('Superseded by ADR-0004', 1, true) ~= nil
      and row3:find('Superceded', 1, true) == nil and row3:find('](', 1, true) == nil,
    "the superseded ADR-0003's menu row shows its title and \"Superseded by ADR-0004\", not the raw status line",
    row3
  )
end
vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, {})

-- Code actions on a clean line (`## Decision`, no finding on it), as `vim.lsp.buf.code_action()`
-- asks for them: none, where eight numbered rewrites used to be listed.
local clean_line
for index, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
  if text == '## Decision' then
    clean_line = index - 1
  end
end
local on_line = vim.tbl_filter(function(d)
  return d.lnum == clean_line
end, vim.diagnostic.get(bufnr))
local actions_reply = client:request_sync('textDocument/codeAction', {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
  range = { start = { line = clean_line, character = 0 }, ['end'] = { line = clean_line, character = 0 } },
  context = { diagnostics = {}, triggerKind = 1 },
}, WAIT_MS, bufnr)
check(
  #on_line == 0 and actions_reply ~= nil and actions_reply.err == nil and #(actions_reply.result or {}) == 0,
  'no code action on a clean line',
  vim.inspect({ diagnostics = on_line, reply = actions_reply })
)

-- Go to definition on a wiki link: the file and the line where it lands.
local function definition_of(needle)
  local link_line, link_col
  for index, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local at = text:find(needle, 1, true)
    if at then
      link_line, link_col = index - 1, at + 3
    end
  end
  local reply = client:request_sync('textDocument/definition', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = link_line, character = link_col },
  }, WAIT_MS, bufnr)
  local result = reply and reply.result
  local location = result and (result[1] or result)
  local target = location and (location.uri or location.targetUri)
  local range = location and (location.range or location.targetSelectionRange)
  return target, range and range.start.line, vim.inspect(result)
end

local target, target_line, shown_result = definition_of('[[0002')
check(
  target ~= nil and target:find('0002-decision-2.md', 1, true) ~= nil and target_line == 8,
  'the wiki link [[0002-decision-2#Context and Scope]] goes to that heading (line 9 of ADR 2)',
  shown_result
)
target, target_line, shown_result = definition_of('[[Order search]]')
check(
  target ~= nil and target:find('0005-decision-5.md', 1, true) ~= nil and target_line == 0,
  'the wiki link by title [[Order search]] goes to ADR 5, 0005-decision-5.md (its title line)',
  shown_result
)

finish()
