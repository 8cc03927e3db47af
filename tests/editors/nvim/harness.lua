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

  return h
end

return M
