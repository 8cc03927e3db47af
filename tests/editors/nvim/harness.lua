-- What the Neovim tests share: output on standard output (`print` goes to stderr under `-l`), a
-- watchdog that ends a hung run with 124, and checks counted into the exit status.
--
--   local harness = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/harness.lua')
--   local h = harness.new('nvim', 60000)

local M = {}

function M.new(name, timeout_ms)
  local h = { failures = 0 }

  function h.say(line)
    io.stdout:write(line .. '\n')
    io.stdout:flush()
  end

  local watchdog = vim.uv.new_timer()
  watchdog:start(timeout_ms, 0, function()
    io.stdout:write(('FAIL: the test did not finish within %d ms\n'):format(timeout_ms))
    io.stdout:flush()
    os.exit(124)
  end)

  function h.check(ok, description, detail)
    if ok then
      h.say('ok   ' .. description)
    else
      h.failures = h.failures + 1
      h.say('FAIL ' .. description .. (detail and (': ' .. detail) or ''))
    end
    return ok
  end

  function h.finish()
    h.say(h.failures == 0 and (name .. ': all checks passed') or ('%s: %d check(s) failed'):format(name, h.failures))
    for _, client in ipairs(vim.lsp.get_clients()) do
      client:stop(true)
    end
    os.exit(h.failures == 0 and 0 or 1)
  end

  -- The client named `name` attached to `bufnr`, once initialised, waiting up to `wait_ms`. When
  -- none attaches in that time the check fails and the run ends here.
  function h.attached_client(name, bufnr, wait_ms)
    local get = vim.lsp.get_clients or vim.lsp.get_active_clients
    local client
    vim.wait(wait_ms, function()
      client = get({ name = name, bufnr = bufnr })[1]
      return client ~= nil and client.initialized ~= false
    end, 50)
    if not h.check(client ~= nil, ('a %s client attaches to the buffer'):format(name)) then
      h.finish()
    end
    return client
  end

  return h
end

return M
