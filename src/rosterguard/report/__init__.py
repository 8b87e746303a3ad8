"""Output formats of the console script: findings (text, JSON, SARIF, GitHub annotations)
and the inventory (terminal table, JSON, Markdown, HTML)."""
