"""The project index: facts that one module states about others (URL tables, settings, hooks,
data helpers, decorators), summarised once per file, cached on disk and joined per run."""
