;;; docwright-eglot.el --- Docwright's language server for Markdown in eglot -*- lexical-binding: t -*-

;; Load this file (or copy its forms into your init file), then `M-x eglot' in a Markdown buffer,
;; or add `eglot-ensure' to `markdown-mode-hook':
;;
;;   (load "/path/to/docwright/editors/emacs/docwright-eglot.el")
;;   (docwright-eglot-register)
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)
;;
;; Settings reach the server as its `docwright' configuration section, e.g. in .dir-locals.el:
;;
;;   ((markdown-mode . ((eglot-workspace-configuration
;;                       . (:docwright (:rules (:missing-section "error")))))))

;;; Code:

(require (quote eglot))
(require (quote cl-lib))

(defgroup docwright-eglot nil
  "Docwright's language server in eglot."
  :group 'eglot)

(defcustom docwright-eglot-program "docwright"
  "The docwright binary: a name looked up on `exec-path', or an absolute file name."
  :type 'string)

(defcustom docwright-eglot-modes '(markdown-mode gfm-mode)
  "The major modes whose buffers eglot serves with `docwright lsp'."
  :type '(repeat symbol))

(defun docwright-eglot-contact (&optional _interactive)
  "The command eglot runs to start the server; read when connecting, so setting
`docwright-eglot-program' later still takes effect."
  (list docwright-eglot-program "lsp" "--stdio"))

(defun docwright-eglot-register ()
  "Tell eglot to start `docwright lsp --stdio' for the modes in `docwright-eglot-modes'."
  (setq eglot-server-programs
        (cons (cons docwright-eglot-modes #'docwright-eglot-contact)
              (cl-remove-if (lambda (entry) (eq (cdr entry) #'docwright-eglot-contact))
                            eglot-server-programs))))

(provide 'docwright-eglot)
;;; docwright-eglot.el ends here
