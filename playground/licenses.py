"""What a model's license lets a student do, in plain words: use what the model makes, share it, use it
commercially, and the one condition to remember. Facts only (keys), no sentences: ``tabs`` writes them in the
page's language (``license.*`` strings in ``tabs/strings/classroom.py``).

Each answer is one of ``YES``, ``NO``, ``LIMITED`` (allowed under a condition the line names) or ``READ`` (the
terms are not summarised here: read the license). A code this table does not know answers ``READ`` everywhere:
it never guesses.

>>> facts("apache-2.0").commercial
'yes'
>>> facts("cc-by-nc-4.0").commercial, facts("cc-by-nc-4.0").condition
('no', 'nc')
>>> facts("some-new-license").use
'read'

Sources (read for this table): the license texts at choosealicense.com (Apache-2.0, MIT), the Creative Commons
deeds (creativecommons.org/licenses/by-nc/4.0, by-nc-sa/4.0), the CreativeML OpenRAIL-M text (Section III and
Attachment A, huggingface.co/spaces/CompVis/stable-diffusion-license), Stability AI's Community License page and
its announcement (stability.ai/license, stability.ai/news/license-update), the Llama 3.x community licenses (the
700 million monthly users clause, "Built with Llama", the Acceptable Use Policy) and the Gemma Terms of Use.
"""

from __future__ import annotations

from dataclasses import dataclass

YES, NO, LIMITED, READ = "yes", "no", "limited", "read"


@dataclass(frozen=True)
class LicenseFacts:
    """One license: its usual name, the three answers, and the key of its condition (``license.cond.<key>``)."""

    name: str
    use: str  # may a student use what the model makes (in class, in their own work)
    share: str  # may they share it (the outputs, and the model's files with its license)
    commercial: str  # may it be used to earn money
    condition: str


# license code (as model cards and catalog.yaml write it, lower case) -> facts
LICENSES: dict[str, LicenseFacts] = {
    "apache-2.0": LicenseFacts("Apache 2.0", YES, YES, YES, "notice"),
    "mit": LicenseFacts("MIT", YES, YES, YES, "notice"),
    "bsd-3-clause": LicenseFacts("BSD 3-Clause", YES, YES, YES, "notice"),
    "cc-by-4.0": LicenseFacts("CC BY 4.0", YES, YES, YES, "credit"),
    "cc-by-sa-4.0": LicenseFacts("CC BY-SA 4.0", YES, YES, YES, "sa"),
    "cc-by-nc-4.0": LicenseFacts("CC BY-NC 4.0", YES, YES, NO, "nc"),
    "cc-by-nc-sa-4.0": LicenseFacts("CC BY-NC-SA 4.0", YES, YES, NO, "nc_sa"),
    "creativeml-openrail-m": LicenseFacts("CreativeML OpenRAIL-M", YES, YES, YES, "openrail"),
    "openrail": LicenseFacts("OpenRAIL", YES, YES, YES, "openrail"),
    "openrail++": LicenseFacts("OpenRAIL++-M", YES, YES, YES, "openrail"),
    "stabilityai-ai-community": LicenseFacts("Stability AI Community License", YES, YES, LIMITED, "stability"),
    "llama3": LicenseFacts("Llama 3 Community License", YES, YES, LIMITED, "llama"),
    "llama3.1": LicenseFacts("Llama 3.1 Community License", YES, YES, LIMITED, "llama"),
    "llama3.2": LicenseFacts("Llama 3.2 Community License", YES, YES, LIMITED, "llama"),
    "llama3.3": LicenseFacts("Llama 3.3 Community License", YES, YES, LIMITED, "llama"),
    "gemma": LicenseFacts("Gemma Terms of Use", YES, YES, YES, "gemma"),
    "other": LicenseFacts("", READ, READ, READ, "other"),
}
UNKNOWN = LicenseFacts("", READ, READ, READ, "unknown")


def facts(code: str | None) -> LicenseFacts:
    """The facts of license ``code`` (case and surrounding spaces ignored); :data:`UNKNOWN` for a code not here."""
    return LICENSES.get((code or "").strip().lower(), UNKNOWN)


def known(code: str | None) -> bool:
    """Whether ``code`` has an entry (one that says more than "read the license" or not)."""
    return (code or "").strip().lower() in LICENSES
