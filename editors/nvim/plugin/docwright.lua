-- Docwright does nothing until `require('docwright').setup()` is called; this file only guards
-- against loading twice and gives `:checkhealth docwright` its module without a setup() call.
if vim.g.loaded_docwright then
  return
end
vim.g.loaded_docwright = true
