--- Docwright for Neovim: starts `docwright lsp` for Markdown buffers and exposes the workspace
--- commands of the language server as `:DocwrightNew`, `:DocwrightSupersede` and `:DocwrightIndex`.
---
--- ```lua
--- require('docwright').setup({
---   cmd = { '/path/to/docwright', 'lsp' }, -- default: `docwright lsp` from PATH
---   settings = { rules = { ['missing-section'] = 'error' } },
---   filetypes = { 'markdown' },
--- })
--- ```
---
--- On Neovim 0.11+ the server is declared with `vim.lsp.config` and turned on with `vim.lsp.enable`;
--- on 0.10 a `FileType` autocommand calls `vim.lsp.start`. Either way one client serves each root.
local M = {}

--- The name of the client, as `vim.lsp.get_clients({ name = ... })` and `:checkhealth` see it.
M.name = 'docwright'

--- The files that mark a workspace root, searched upwards from the buffer, the first listed
--- winning: a `docwright.toml` above a nested `.git` (a submodule) still names the root.
M.default_root_markers = { 'docwright.toml', '.adr-dir', '.git' }

local defaults = {
  -- The command that starts the server: a list, or a string naming the binary. nil: `docwright`
  -- from PATH.
  cmd = nil,
  -- Sent as `initializationOptions` and answered to `workspace/configuration` (section `docwright`).
  settings = {},
  filetypes = { 'markdown' },
  root_markers = M.default_root_markers,
  -- Create the `:Docwright*` user commands.
  commands = true,
  -- Start the server; false when another configuration (nvim-lspconfig) starts a client named
  -- `docwright` and only the commands are wanted.
  server = true,
  -- nil: `vim.lsp.config`/`vim.lsp.enable` where Neovim has them (0.11+); false: always the
  -- `FileType` autocommand and `vim.lsp.start`, as on 0.10.
  lsp_enable = nil,
}

--- The options in effect after `setup` (defaults merged with the user's).
M.options = vim.deepcopy(defaults)

--- Whether `vim.lsp.config`/`vim.lsp.enable` are available (Neovim 0.11+).
function M.has_lsp_enable()
  return vim.lsp.config ~= nil and vim.lsp.enable ~= nil and vim.fn.has('nvim-0.11') == 1
end

--- The command line that starts the server, or nil and the reason it cannot be found.
---@param cmd string|string[]|nil
---@return string[]|nil, string|nil
function M.resolve_cmd(cmd)
  if cmd == nil then
    if vim.fn.executable('docwright') == 1 then
      return { vim.fn.exepath('docwright'), 'lsp' }, nil
    end
    return nil, '`docwright` is not on PATH; install it or set `cmd` in setup()'
  end
  if type(cmd) == 'string' then
    cmd = { cmd, 'lsp' }
  end
  if type(cmd) ~= 'table' or #cmd == 0 then
    return nil, '`cmd` must be a list such as { "docwright", "lsp" } or the path of the binary'
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    return nil, ('`%s` is not executable'):format(cmd[1])
  end
  return vim.deepcopy(cmd), nil
end

--- The workspace root of a buffer (or a file path): the closest folder holding the first marker
--- found, else the file's own folder.
---@param source integer|string buffer number or path
---@param markers string[]|nil
---@return string|nil
function M.root_dir(source, markers)
  markers = markers or M.options.root_markers
  local path = source
  if type(source) == 'number' then
    path = vim.api.nvim_buf_get_name(source)
  end
  if path == nil or path == '' then
    return nil
  end
  path = vim.fs.normalize(vim.fn.fnamemodify(path, ':p'))
  local start = vim.fs.dirname(path)
  for _, marker in ipairs(markers) do
    local found = vim.fs.find(marker, { path = start, upward = true, limit = 1 })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return start
end

--- The configuration handed to `vim.lsp.config` / `vim.lsp.start`.
---@return table|nil, string|nil
function M.client_config()
  local cmd, err = M.resolve_cmd(M.options.cmd)
  if not cmd then
    return nil, err
  end
  local settings = M.options.settings or {}
  return {
    name = M.name,
    cmd = cmd,
    filetypes = M.options.filetypes,
    -- The server reads the settings at startup from here, and later asks for section `docwright`.
    init_options = settings,
    settings = { docwright = settings },
  },
    nil
end

--- The docwright client attached to a buffer (default: the current one), if any.
---@param bufnr integer|nil
function M.get_client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = M.name })[1]
end

local function notify(message, level)
  vim.notify('docwright: ' .. message, level or vim.log.levels.INFO)
end

--- Runs a server command (`workspace/executeCommand`) with `arguments`; the server answers with
--- its edits through `workspace/applyEdit`, which Neovim applies. `on_result(err, result)` is
--- called with the reply (default: report an error).
---@param command string e.g. 'docwright.new'
---@param arguments any[]
---@param opts table|nil { bufnr = integer, on_result = function(err, result) }
---@return boolean sent
function M.exec(command, arguments, opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if not client then
    notify('no language server is attached to this buffer', vim.log.levels.WARN)
    return false
  end
  local on_result = opts.on_result
    or function(err, _)
      if err then
        notify(('%s failed: %s'):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
      end
    end
  if client.exec_cmd then
    -- 0.11+: also runs a client-side handler when one is registered for the command.
    client:exec_cmd({ title = command, command = command, arguments = arguments }, { bufnr = bufnr }, on_result)
  else
    client.request('workspace/executeCommand', { command = command, arguments = arguments }, on_result, bufnr)
  end
  return true
end

-- Every server command takes one object as its only argument (server/lsp/src/commands.rs).

--- `:DocwrightNew {kind} {title…}` → `docwright.new` with `{ kind, title }`, as
--- `docwright new adr "Use PostgreSQL"` on the command line. The server creates the file from the
--- kind's template, numbered after the highest in the kind's folder, and shows it.
function M.new(kind, title, opts)
  return M.exec('docwright.new', { { kind = kind, title = title } }, opts)
end

--- `:DocwrightSupersede {old} {new}` → `docwright.supersede` with `{ old, new }`, as
--- `docwright supersede 3 12`: a number (`3`, `ADR-0003`), a workspace-relative path or a URI.
function M.supersede(old, new, opts)
  return M.exec('docwright.supersede', { { old = old, new = new } }, opts)
end

--- `:DocwrightIndex [folder]` → `docwright.index`, writing or refreshing the decision index in
--- the folder's README (default: the decision records' folder).
function M.index(folder, opts)
  return M.exec('docwright.index', { folder and { folder = folder } or vim.empty_dict() }, opts)
end

local function create_commands()
  vim.api.nvim_create_user_command('DocwrightNew', function(args)
    local kind = args.fargs[1]
    local title = table.concat(vim.list_slice(args.fargs, 2), ' ')
    if not kind or title == '' then
      notify('usage: :DocwrightNew {kind} {title}, e.g. :DocwrightNew adr Use PostgreSQL', vim.log.levels.WARN)
      return
    end
    M.new(kind, title)
  end, {
    nargs = '+',
    desc = 'Docwright: create a design doc from its template',
    complete = function(arg_lead, cmdline)
      if #vim.split(cmdline, '%s+', { trimempty = true }) > 2 then
        return {}
      end
      local kinds = { 'adr', 'madr', 'rfc', 'design-doc', 'postmortem', 'strategy' }
      return vim.tbl_filter(function(kind)
        return vim.startswith(kind, arg_lead)
      end, kinds)
    end,
  })
  vim.api.nvim_create_user_command('DocwrightSupersede', function(args)
    if #args.fargs ~= 2 then
      notify('usage: :DocwrightSupersede {old} {new}, e.g. :DocwrightSupersede 3 12', vim.log.levels.WARN)
      return
    end
    M.supersede(args.fargs[1], args.fargs[2])
  end, { nargs = '+', desc = 'Docwright: mark a decision superseded by another' })
  vim.api.nvim_create_user_command('DocwrightIndex', function(args)
    M.index(args.fargs[1])
  end, { nargs = '?', complete = 'dir', desc = 'Docwright: write or refresh the decision index' })
end

local augroup_name = 'docwright'

--- Configures and enables the language server. Safe to call again: the latest options win.
---@param opts table|nil
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  -- Lists are replaced, not merged index by index.
  if opts and opts.filetypes then
    M.options.filetypes = opts.filetypes
  end
  if opts and opts.root_markers then
    M.options.root_markers = opts.root_markers
  end
  if M.options.commands then
    create_commands()
  end
  -- The "cited by N docs" code lens runs `docwright.showReferences` with (uri, position,
  -- locations), as VS Code's `editor.action.showReferences` takes them; here the citations go
  -- to the quickfix list.
  vim.lsp.commands['docwright.showReferences'] = function(command, ctx)
    local locations = (command.arguments or {})[3] or {}
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    local encoding = client and client.offset_encoding or 'utf-16'
    local items = vim.lsp.util.locations_to_items(locations, encoding)
    vim.fn.setqflist({}, ' ', { title = command.title or 'Docwright: citations', items = items })
    if #items > 0 then
      vim.cmd('botright copen')
    end
  end
  if not M.options.server then
    return true
  end

  local config, err = M.client_config()
  if not config then
    notify(err, vim.log.levels.WARN)
    return false
  end

  if M.options.lsp_enable ~= false and M.has_lsp_enable() then
    config.root_dir = function(bufnr, on_dir)
      on_dir(M.root_dir(bufnr))
    end
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
    return true
  end

  local group = vim.api.nvim_create_augroup(augroup_name, { clear = true })
  local function start(bufnr)
    if vim.bo[bufnr].buftype ~= '' then
      return
    end
    local start_config = vim.deepcopy(config)
    start_config.filetypes = nil
    start_config.root_dir = M.root_dir(bufnr)
    vim.lsp.start(start_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(event)
      start(event.buf)
    end,
  })
  -- Buffers already open when setup() runs (a lazy-loaded plugin) get a client too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
  return true
end

return M
