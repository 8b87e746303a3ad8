"""Framework-agnostic services over Python's ``ast``: names, imports, arguments, local flow."""
