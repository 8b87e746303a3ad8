"""RG900: rosterguard could not analyse a file."""

from collections.abc import Iterator

from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.rules.base import Metadata, Rule


class AnalysisFailure(Rule):
    """# RG900 · analysis-failure

    ## What it does
    Says that rosterguard could not analyse a file (a file Python cannot parse, nesting too
    deep to walk, or a failure of rosterguard itself), so its endpoints went unchecked.
    At most one per file; it never stops flake8.

    ## Why is this bad?
    Silence on a file that was never analysed reads as "safe".

    ## Example
    ```python
    def broken(:  # expect: RG900
        pass
    ```

    ## Use instead
    ```python
    def fixed():
        pass
    ```

    ## How rosterguard decides
    Any exception while analysing one file becomes this finding, with its reason.

    ## Options
    (none)

    ## Known limitations
    Under flake8, a file with a syntax error is reported by flake8 itself (E999) and never
    reaches plugins; the console script reports it as RG900.

    ## Suppressing
    `# noqa: RG900` on line 1, or `--extend-ignore=RG900`.

    ## References
    - rosterguard issue tracker
    """

    code = "RG900"
    name = "analysis-failure"
    summary = "rosterguard could not analyse this file"
    remedy = "report it if the file is valid Python"
    metadata = Metadata("note", "high", "", "")

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        return iter(())

    def failure(self, reason: str) -> Finding:
        return Finding(1, 0, self.code, f"rosterguard could not analyse this file: {reason}")
