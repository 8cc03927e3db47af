-- Issue 13 in a real headless Neovim, which pulls diagnostics without declaring refresh support:
--
--   DOCWRIGHT_BIN=target/release/docwright nvim --headless -u NONE -i NONE -l tests/editors/nvim/first_open.lua
--
-- A log of 1,500 records is generated; the first record, opened at once while the server is still
-- indexing, cites ADR 2 by id, by link and by a wiki link with spaces in its heading. Checks: the
-- first diagnostics Neovim shows hold no false "does not exist" / "no document is ADR 2" (only the
-- truly missing ADR-9999 is reported), completion rows after `ADR-` carry the title in
-- `labelDetails`, and the wiki link with spaces goes to its heading. Exit 0 when every check
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
  write(
    ('%s/%04d-decision-%d.md'):format(folder, n, n),
    ('# %d. Decision %d\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context and Scope\n\nC.\n\n'
      .. '## Decision\n\nD.\n\n## Consequences\n\nE.\n'):format(n, n)
  )
end
local first = folder .. '/0001-record-decisions.md'
write(
  first,
  '# 1. Record decisions\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\n'
    .. 'See ADR-0002, [the second](0002-decision-2.md) and [[0002-decision-2#Context and Scope]], and ADR-9999.\n\n'
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
    if m:find('0002', 1, true) or m:find('ADR 2', 1, true) or m:find('ADR-0002', 1, true) or m:find('Context and Scope', 1, true) then
      table.insert(false_findings, m)
    end
  end
end
check(#false_findings == 0, 'no false finding about ADR 2 was ever shown, from the first answer on', vim.inspect(false_findings))

-- Completion rows after `ADR-` carry the title in labelDetails (shown in the menu's row).
local line = vim.api.nvim_buf_line_count(bufnr)
local typed = 'Later: ADR-000'
vim.api.nvim_buf_set_lines(bufnr, line, line, false, { typed })
local item
vim.wait(WAIT_MS, function()
  local reply = client:request_sync('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = line, character = #typed },
  }, WAIT_MS, bufnr)
  local answer = reply and reply.result or {}
  for _, candidate in ipairs(answer.items or answer) do
    if candidate.label == 'ADR-0002' then
      item = candidate
    end
  end
  return item ~= nil
end, 200)
check(
  item ~= nil and item.labelDetails ~= nil
    and (tostring(item.labelDetails.detail) .. ' ' .. tostring(item.labelDetails.description)):find('Decision 2', 1, true) ~= nil,
  'the ADR-0002 completion row carries its title in labelDetails',
  vim.inspect(item)
)
vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, {})

-- Go to definition on the wiki link with spaces in its heading.
local link_line, link_col
for index, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
  local at = text:find('[[0002', 1, true)
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
check(
  target ~= nil and target:find('0002-decision-2.md', 1, true) ~= nil and range ~= nil and range.start.line == 8,
  'the wiki link [[0002-decision-2#Context and Scope]] goes to that heading (line 9 of ADR 2)',
  vim.inspect(result)
)

finish()
