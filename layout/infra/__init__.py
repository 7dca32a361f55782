"""Plumbing every stage may use: the cache (`cache`: `Store`, `make_key`, `file_digest`, re-exported here:
every cache producer imports it anyway), atomic writes (`writer`), the project's folders (`paths`), the
progress bar (`progress`), the edition sandbox (`files`), photo files (`imagefiles`), source snippets for
messages (`snippets`) and bounded YAML (`yamlio`). Imports nothing of the stages."""

from layout.infra.cache import Store, file_digest, make_key

__all__ = ["Store", "file_digest", "make_key"]
