"""Plumbing every stage may use: the cache (`cache`), atomic writes (`writer`), the project's folders
(`paths`), the progress bar (`progress`), the edition sandbox (`files`), photo files (`imagefiles`) and
bounded YAML (`yamlio`). Imports nothing of the stages."""
