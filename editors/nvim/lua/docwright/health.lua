--- `:checkhealth docwright`: the Neovim version, the server binary and its version, and whether a
--- client is attached to the current buffer.
local M = {}

local health = vim.health

--- The first line `docwright --version` prints, or nil and the error.
---@param binary string
---@return string|nil, string|nil
function M.binary_version(binary)
  local ok, result = pcall(function()
    return vim.system({ binary, '--version' }, { text = true }):wait(5000)
  end)
  if not ok then
    return nil, tostring(result)
  end
  if result.code ~= 0 then
    return nil, ('`%s --version` exited %d: %s'):format(binary, result.code, vim.trim(result.stderr or ''))
  end
  local first_line = vim.split(vim.trim(result.stdout or ''), '\n')[1]
  if first_line == nil or first_line == '' then
    return nil, ('`%s --version` printed nothing'):format(binary)
  end
  return first_line, nil
end

function M.check()
  local docwright = require('docwright')

  health.start('Neovim')
  local version = vim.version()
  local version_text = ('%d.%d.%d'):format(version.major, version.minor, version.patch)
  if vim.fn.has('nvim-0.10') == 1 then
    local api = (vim.lsp.config and vim.lsp.enable) and 'vim.lsp.config/vim.lsp.enable' or 'vim.lsp.start'
    health.ok(('Neovim %s (the server is started with %s)'):format(version_text, api))
  else
    health.error(('Neovim %s is too old: Docwright needs 0.10 or later'):format(version_text))
  end

  health.start('Language server binary')
  local cmd, err = docwright.resolve_cmd(docwright.options.cmd)
  if not cmd then
    health.error(err, { 'Install it with `cargo install --path server` from the Docwright repository', 'or pass `cmd = { "/path/to/docwright", "lsp" }` to setup()' })
  else
    local binary_version, version_err = M.binary_version(cmd[1])
    if binary_version then
      health.ok(('%s: %s'):format(cmd[1], binary_version))
    else
      health.error(('%s does not run: %s'):format(cmd[1], version_err))
    end
    health.info('command: ' .. table.concat(cmd, ' '))
  end

  health.start('Client')
  -- `:checkhealth` shows its report in a buffer of its own, so look at every client by name.
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local clients = get({ name = docwright.name })
  if #clients == 0 then
    local filetypes = table.concat(docwright.options.filetypes or {}, ', ')
    health.warn('no docwright client is running', {
      ('Open a file of one of these filetypes: %s'):format(filetypes),
      'Check that require("docwright").setup() was called',
    })
  end
  for _, client in ipairs(clients) do
    local buffers = vim.tbl_keys(client.attached_buffers or {})
    table.sort(buffers)
    local names = vim.tbl_map(function(bufnr)
      return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.')
    end, buffers)
    if #names > 0 then
      health.ok(('client %d (root %s) is attached to %s'):format(client.id, tostring(client.root_dir), table.concat(names, ', ')))
    else
      health.warn(('client %d (root %s) is attached to no buffer'):format(client.id, tostring(client.root_dir)))
    end
  end
end

return M
