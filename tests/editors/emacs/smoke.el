;;; smoke.el --- Docwright in a real Emacs through eglot: diagnostics arrive -*- lexical-binding: t -*-

;; Run from the repository root:
;;
;;   DOCWRIGHT_BIN=target/release/docwright emacs --batch -l tests/editors/emacs/smoke.el
;;
;; Copies the fixture workspace (an ADR missing its Consequences section) to a temporary folder,
;; opens the ADR in `markdown-mode' (or `fundamental-mode' when markdown-mode is not installed),
;; connects eglot to `docwright lsp --stdio' as editors/emacs/docwright-eglot.el configures it, and
;; waits for Flymake to hold the missing-section diagnostic. Prints PASS or FAIL on standard output
;; and exits 0 or 1; gives up after DOCWRIGHT_TEST_TIMEOUT seconds (default 60).

;;; Code:

(require 'cl-lib)

(defvar docwright-smoke--repo
  (expand-file-name "../../.." (file-name-directory (or load-file-name buffer-file-name)))
  "The repository root, found from this file's place in it.")

(defvar docwright-smoke--timeout
  (string-to-number (or (getenv "DOCWRIGHT_TEST_TIMEOUT") "60"))
  "Seconds to wait for the diagnostics before failing.")

(defun docwright-smoke--say (format-string &rest args)
  "Print FORMAT-STRING with ARGS on standard output, on a line of its own."
  (princ (concat (apply #'format format-string args) "\n")))

(defun docwright-smoke--fail (format-string &rest args)
  "Report a failure described by FORMAT-STRING and ARGS, and exit with status 1."
  (docwright-smoke--say "FAIL %s" (apply #'format format-string args))
  (docwright-smoke--say "emacs: FAIL")
  (kill-emacs 1))

(defun docwright-smoke--binary ()
  "The docwright binary under test: $DOCWRIGHT_BIN, else a release or debug build."
  (let ((from-env (getenv "DOCWRIGHT_BIN")))
    (if (and from-env (> (length from-env) 0))
        (expand-file-name from-env)
      (cl-find-if #'file-executable-p
                  (mapcar (lambda (profile)
                            (expand-file-name (format "target/%s/docwright" profile)
                                              docwright-smoke--repo))
                          '("release" "debug"))))))

(defun docwright-smoke--missing-section-diagnostics ()
  "The Flymake diagnostics of the current buffer that report a missing section."
  (cl-remove-if-not
   (lambda (diagnostic)
     (string-match-p "missing section" (flymake-diagnostic-text diagnostic)))
   (flymake-diagnostics)))

(defun docwright-smoke--run ()
  "Open the fixture ADR under eglot and check that its missing-section diagnostic arrives."
  (let ((binary (docwright-smoke--binary)))
    (unless binary
      (docwright-smoke--fail "no docwright binary: build it or set DOCWRIGHT_BIN"))
    (package-initialize)
    (require 'eglot)
    (docwright-smoke--say "emacs %s, server %s" emacs-version binary)
    (require 'flymake)
    (require 'markdown-mode nil t)
    (let ((modes (if (fboundp 'markdown-mode) '(markdown-mode gfm-mode) '(fundamental-mode))))
      (unless (fboundp 'markdown-mode)
        (docwright-smoke--say "markdown-mode is not installed: using fundamental-mode"))
      (if (equal (getenv "DOCWRIGHT_EMACS_SETUP") "readme")
          ;; The one form the README shows, with the binary under test for `docwright'.
          (progn
            (docwright-smoke--say "eglot set up as the README shows")
            (add-to-list 'eglot-server-programs `(,modes . (,binary "lsp" "--stdio"))))
        ;; editors/emacs/docwright-eglot.el, as users load it.
        (docwright-smoke--say "eglot set up by editors/emacs/docwright-eglot.el")
        (load (expand-file-name "editors/emacs/docwright-eglot.el" docwright-smoke--repo) nil t)
        (setq docwright-eglot-program binary
              docwright-eglot-modes modes)
        (docwright-eglot-register)))
    (let* ((workspace (make-temp-file "docwright-emacs-" t))
           (adr (expand-file-name "docs/adr/0001-use-postgres.md" workspace))
           (deadline (+ (float-time) docwright-smoke--timeout))
           (eglot-sync-connect t)
           (inhibit-message t))
      (copy-directory (expand-file-name "tests/editors/emacs/workspace/" docwright-smoke--repo)
                      (file-name-as-directory workspace) nil t t)
      (find-file adr)
      (unless (fboundp 'markdown-mode)
        (fundamental-mode))
      ;; `eglot-ensure' waits for a command loop that batch mode never runs: connect directly.
      (apply #'eglot (eglot--guess-contact))
      (unless (eglot-current-server)
        (docwright-smoke--fail "eglot did not connect to %s" binary))
      (docwright-smoke--say "ok   eglot manages %s" (file-name-nondirectory adr))
      (while (and (null (docwright-smoke--missing-section-diagnostics))
                  (< (float-time) deadline))
        (accept-process-output nil 0.1)
        ;; Flymake asks the eglot backend again, which hands over what the server pushed.
        (flymake-start))
      (let ((found (docwright-smoke--missing-section-diagnostics)))
        (unless found
          (docwright-smoke--fail "no missing-section diagnostic within %ss; Flymake has %S"
                                 docwright-smoke--timeout
                                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
        (let ((text (flymake-diagnostic-text (car found))))
          (unless (string-match-p "Consequences" text)
            (docwright-smoke--fail "the diagnostic does not name Consequences: %s" text))
          (docwright-smoke--say "ok   Flymake shows: %s" (car (split-string text "\n")))
          (let ((line (line-number-at-pos (flymake-diagnostic-beg (car found)))))
            ;; Where Consequences belongs: the end of the Decision's text, not a heading (ADR 0020).
            (unless (= line 15)
              (docwright-smoke--fail "the diagnostic is on line %d, not 15 (the end of the Decision)" line))
            (docwright-smoke--say "ok   on line %d, the end of the Decision's text" line))))
      (let ((eglot-autoshutdown nil))
        (ignore-errors (eglot-shutdown (eglot-current-server))))
      (delete-directory workspace t))
    (docwright-smoke--say "emacs: PASS")
    (kill-emacs 0)))

(run-at-time (+ docwright-smoke--timeout 15) nil
             (lambda ()
               (docwright-smoke--fail "the test did not finish within %ss"
                                      (+ docwright-smoke--timeout 15))))

(condition-case err
    (docwright-smoke--run)
  (error (docwright-smoke--fail "%s" (error-message-string err))))

;;; smoke.el ends here
